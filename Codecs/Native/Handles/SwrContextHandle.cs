using Microsoft.Win32.SafeHandles;

namespace InteropGateway.Codecs.Native;

/// <summary>Owns one SwrContext*; released exactly once, even when the owner is never disposed.</summary>
public sealed class SwrContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SwrContextHandle() : base(ownsHandle: true) { }

    internal SwrContextHandle(nint pointer) : base(ownsHandle: true) => SetHandle(pointer);

    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        SwResampleImports.swr_free(ref pointer);
        return true;
    }
}
