using Microsoft.Win32.SafeHandles;

namespace InteropGateway.Codecs.Native;

/// <summary>Owns one AVCodecContext*; released exactly once, even when the owner is never disposed.</summary>
public sealed class CodecContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public CodecContextHandle() : base(ownsHandle: true) { }

    internal CodecContextHandle(nint pointer) : base(ownsHandle: true) => SetHandle(pointer);

    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        AvCodecImports.avcodec_free_context(ref pointer);
        return true;
    }
}
