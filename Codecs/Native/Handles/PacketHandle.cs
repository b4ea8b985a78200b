using Microsoft.Win32.SafeHandles;

namespace InteropGateway.Codecs.Native;

/// <summary>Owns one AVPacket*; released exactly once, even when the owner is never disposed.</summary>
public sealed class PacketHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public PacketHandle() : base(ownsHandle: true) { }

    internal PacketHandle(nint pointer) : base(ownsHandle: true) => SetHandle(pointer);

    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        AvCodecImports.av_packet_free(ref pointer);
        return true;
    }
}
