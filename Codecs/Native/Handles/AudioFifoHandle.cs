using Microsoft.Win32.SafeHandles;

namespace InteropGateway.Codecs.Native;

/// <summary>Owns one AVAudioFifo*; released exactly once, even when the owner is never disposed.</summary>
public sealed class AudioFifoHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public AudioFifoHandle() : base(ownsHandle: true) { }

    internal AudioFifoHandle(nint pointer) : base(ownsHandle: true) => SetHandle(pointer);

    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        AvUtilImports.av_audio_fifo_free(pointer);
        return true;
    }
}
