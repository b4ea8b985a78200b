using InteropGateway.Codecs.Media;

namespace InteropGateway.Codecs.Containers.MpegTs;

/// <summary>One reassembled PES: which stream, its timestamps (33-bit, 90 kHz) and its payload, valid only during the call.</summary>
public readonly ref struct TsPesPacket
{
    public TsPesPacket(int pid, TsStreamType streamType, CodecId codec, long pts, long dts, bool hasPts, bool randomAccess, ReadOnlySpan<byte> payload)
    {
        Pid = pid;
        StreamType = streamType;
        Codec = codec;
        Pts = pts;
        Dts = dts;
        HasPts = hasPts;
        RandomAccess = randomAccess;
        Payload = payload;
    }

    public int Pid { get; }
    public TsStreamType StreamType { get; }
    public CodecId Codec { get; }
    public long Pts { get; }
    /// <summary>Equal to <see cref="Pts"/> when the PES carried no DTS.</summary>
    public long Dts { get; }
    public bool HasPts { get; }
    /// <summary>The adaptation field's random_access_indicator on the PES's first packet.</summary>
    public bool RandomAccess { get; }
    public ReadOnlySpan<byte> Payload { get; }
}

/// <summary>Receives what <see cref="TsDemuxer"/> finds.</summary>
public interface ITsDemuxHandler
{
    /// <summary>A PMT (first or changed) lists these elementary streams.</summary>
    void OnProgram(ReadOnlySpan<TsElementaryStream> streams) { }

    void OnPes(in TsPesPacket pes);

    /// <summary>
    /// Data of this stream was lost or thrown away (a continuity gap, an oversized or malformed PES):
    /// at least one PES of it will never arrive. Video decoders need to know, as later pictures may
    /// refer to the lost one.
    /// </summary>
    void OnPesLost(int pid, CodecId codec) { }
}
