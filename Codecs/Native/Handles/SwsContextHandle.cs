using Microsoft.Win32.SafeHandles;

namespace InteropGateway.Codecs.Native;

/// <summary>Owns one SwsContext*; released exactly once, even when the owner is never disposed.</summary>
public sealed class SwsContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SwsContextHandle() : base(ownsHandle: true) { }

    internal SwsContextHandle(nint pointer) : base(ownsHandle: true) => SetHandle(pointer);

    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        SwScaleImports.sws_freeContext(pointer);
        return true;
    }
}
