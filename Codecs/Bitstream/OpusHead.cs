using System.Buffers.Binary;

namespace InteropGateway.Codecs.Bitstream;

/// <summary>
/// The Opus identification header (RFC 7845 §5.1), used as Opus extradata: what FFmpeg's libopus
/// encoder produces and its decoder accepts, and what WebRTC/MPEG-TS egresses derive their
/// channel setup from. Multi-byte fields are little-endian.
/// </summary>
/// <param name="PreSkip">Samples at 48 kHz to discard from the decoder output at the start.</param>
/// <param name="InputSampleRate">The original rate, informational only: Opus always decodes at 48 kHz.</param>
/// <param name="OutputGain">Gain to apply, in Q7.8 dB.</param>
/// <param name="MappingFamily">0: mono/stereo with the implied mapping; 1: Vorbis order, up to 8 channels; 255: undefined.</param>
/// <param name="ChannelMapping">Per output channel, its decoded stream channel (families other than 0), empty for family 0.</param>
public sealed record OpusHead(
    int Channels,
    int PreSkip,
    int InputSampleRate,
    short OutputGain,
    int MappingFamily,
    int StreamCount,
    int CoupledCount,
    ReadOnlyMemory<byte> ChannelMapping)
{
    private const int FixedSize = 19;
    private const int Version = 1;
    private static ReadOnlySpan<byte> Magic => "OpusHead"u8;

    /// <summary>The usual header for 1 or 2 channels: mapping family 0, no gain.</summary>
    public static OpusHead ForMonoOrStereo(int channels, int preSkip = 312, int inputSampleRate = 48_000)
    {
        if (channels is not (1 or 2))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "family 0 carries 1 or 2 channels");
        return new OpusHead(channels, preSkip, inputSampleRate, 0, 0, 1, channels - 1, ReadOnlyMemory<byte>.Empty);
    }

    /// <summary>Size of the serialized header.</summary>
    public int Size => MappingFamily == 0 ? FixedSize : FixedSize + 2 + Channels;

    public byte[] ToArray()
    {
        var result = new byte[Size];
        WriteTo(result);
        return result;
    }

    /// <summary>Writes the header; returns the bytes written (<see cref="Size"/>).</summary>
    public int WriteTo(Span<byte> destination)
    {
        if (destination.Length < Size)
            throw new ArgumentException("destination too small for the OpusHead", nameof(destination));
        if (MappingFamily != 0 && ChannelMapping.Length != Channels)
            throw new InvalidOperationException("a channel mapping table needs one entry per channel");
        Magic.CopyTo(destination);
        destination[8] = Version;
        destination[9] = checked((byte)Channels);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[10..], checked((ushort)PreSkip));
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], checked((uint)InputSampleRate));
        BinaryPrimitives.WriteInt16LittleEndian(destination[16..], OutputGain);
        destination[18] = checked((byte)MappingFamily);
        if (MappingFamily == 0)
            return FixedSize;
        destination[19] = checked((byte)StreamCount);
        destination[20] = checked((byte)CoupledCount);
        ChannelMapping.Span.CopyTo(destination[21..]);
        return Size;
    }

    /// <summary>
    /// Parses and validates a header: magic, a version of major 0 (any minor, per §5.1), at least
    /// one channel, a consistent stream/coupled count and mapping table for families other than 0.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out OpusHead head)
    {
        head = null!;
        if (data.Length < FixedSize || !data.StartsWith(Magic) || (data[8] & 0xF0) != 0)
            return false;
        int channels = data[9];
        var preSkip = BinaryPrimitives.ReadUInt16LittleEndian(data[10..]);
        var inputRate = BinaryPrimitives.ReadUInt32LittleEndian(data[12..]);
        var gain = BinaryPrimitives.ReadInt16LittleEndian(data[16..]);
        int family = data[18];
        if (channels == 0 || inputRate > int.MaxValue)
            return false;

        if (family == 0)
        {
            if (channels > 2)
                return false;
            head = new OpusHead(channels, preSkip, (int)inputRate, gain, 0, 1, channels - 1, ReadOnlyMemory<byte>.Empty);
            return true;
        }

        if (data.Length < FixedSize + 2 + channels)
            return false;
        int streams = data[19], coupled = data[20];
        if (streams == 0 || coupled > streams || streams + coupled > 255 || (family == 1 && channels > 8))
            return false;
        var mapping = data.Slice(21, channels);
        foreach (var entry in mapping)
        {
            // 255 means a silent channel; anything else must name a decoded channel.
            if (entry != 255 && entry >= streams + coupled)
                return false;
        }
        head = new OpusHead(channels, preSkip, (int)inputRate, gain, family, streams, coupled, mapping.ToArray());
        return true;
    }
}
