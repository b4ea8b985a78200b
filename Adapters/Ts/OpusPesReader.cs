using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.Ts;

/// <summary>
/// Opus in TS (private data with a registration descriptor "Opus", ETSI TS 102 366 style framing as
/// ffmpeg writes it): each packet behind a control header 0x7FE0 | flags, its size as a run of
/// 0xFF bytes plus a last byte, then optional start/end trims and an extension. A PES may hold
/// several packets; each is timed from the PES timestamp by the durations its TOC bytes declare.
/// </summary>
internal sealed class OpusPesReader(TsFrameSink sink)
{
    private const int StartTrimFlag = 0x10;
    private const int EndTrimFlag = 0x08;
    private const int ExtensionFlag = 0x04;

    /// <summary>
    /// Two channels always, as WebRTC declares Opus: the PMT's channel descriptor does not reach
    /// this reader, a packet's TOC stereo bit can change from packet to packet, and a stereo
    /// decoder plays mono packets.
    /// </summary>
    private static readonly TrackConfig Config = new(MediaKind.Audio, CodecId.Opus, OpusHead.ForMonoOrStereo(2, preSkip: 0).ToArray())
    {
        SampleRate = 48_000,
        Channels = 2,
    };

    private bool _announced;

    public void Read(ReadOnlySpan<byte> data, long pts)
    {
        long samples = 0;
        while (!data.IsEmpty)
        {
            if (!TryReadControlHeader(data, out var headerSize, out var packetSize) || headerSize + packetSize > data.Length)
            {
                sink.Skip(); // damaged: the rest of the PES cannot be delimited
                return;
            }
            var packet = data.Slice(headerSize, packetSize);
            data = data[(headerSize + packetSize)..];
            var duration = OpusPacketDuration.SamplesAt48k(packet);
            if (duration <= 0)
            {
                sink.Skip();
                continue;
            }
            if (!_announced)
            {
                _announced = true;
                sink.ConfigChanged(Config);
            }
            var timestamp = pts + samples * Timebase.TicksPerSecond / 48_000;
            sink.Publish(MediaFrame.Copy(Config, packet, timestamp, timestamp, isKeyframe: true));
            samples += duration;
        }
    }

    private static bool TryReadControlHeader(ReadOnlySpan<byte> data, out int headerSize, out int packetSize)
    {
        headerSize = packetSize = 0;
        if (data.Length < 3 || data[0] != 0x7F || (data[1] & 0xE0) != 0xE0)
            return false;
        var flags = data[1];
        var offset = 2;
        int sizeByte;
        do
        {
            if (offset >= data.Length)
                return false;
            sizeByte = data[offset++];
            packetSize += sizeByte;
        }
        while (sizeByte == 0xFF);
        if ((flags & StartTrimFlag) != 0)
            offset += 2;
        if ((flags & EndTrimFlag) != 0)
            offset += 2;
        if ((flags & ExtensionFlag) != 0)
        {
            if (offset >= data.Length)
                return false;
            offset += 1 + data[offset];
        }
        headerSize = offset;
        return offset <= data.Length;
    }
}
