using Microsoft.Win32.SafeHandles;

namespace InteropGateway.Codecs.Native;

/// <summary>Owns one AVFrame*; released exactly once, even when the owner is never disposed.</summary>
public sealed class FrameHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public FrameHandle() : base(ownsHandle: true) { }

    internal FrameHandle(nint pointer) : base(ownsHandle: true) => SetHandle(pointer);

    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        AvUtilImports.av_frame_free(ref pointer);
        return true;
    }
}
