using System.Buffers;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Codecs.Containers.MpegTs;

/// <summary>
/// Muxes one program of at most one video and one audio track into MPEG-TS: PAT and PMT at the
/// start, before every video keyframe, whenever the codecs change and at least every half second;
/// PES with PTS (and DTS when it
/// differs); PCR on the first packet of each PES of the PCR track; continuity counters per PID.
/// Writes into a caller's <see cref="IBufferWriter{T}"/> with no allocation per frame.
/// </summary>
public sealed class TsMuxer
{
    /// <summary>PCR runs this far behind DTS, so a decoder has the data before it is due.</summary>
    private const long PcrLead = 9_000;
    /// <summary>
    /// Tables are repeated once this much time passed, keyframes or not: a receiver joining a UDP
    /// or multicast stream mid-way finds the program soon, even with long GOPs or audio only.
    /// 0.4 s, so that with a frame's granularity the gap stays within the 0.5 s ETSI TR 101 290 allows.
    /// </summary>
    private const long TableInterval = Timebase.TicksPerSecond * 2 / 5;

    private readonly ElementaryStreamFormatter _formatter = new();
    private readonly byte[] _section = new byte[PsiSections.MaxSectionSize];
    private readonly byte[] _pesHeader = new byte[PesHeader.MaxSize];
    private readonly TsElementaryStream[] _streams = new TsElementaryStream[2];
    private CodecId _videoCodec;
    private CodecId _audioCodec;
    private int _version;
    private bool _tablesDue = true;
    private long _lastTablesDts = long.MinValue;
    private byte _patCounter;
    private byte _pmtCounter;
    private byte _videoCounter;
    private byte _audioCounter;

    /// <summary>Declares the tracks up front, so the first PMT lists both even if one track's first frame comes later.</summary>
    public TsMuxer(CodecId video = CodecId.Unknown, CodecId audio = CodecId.Unknown)
    {
        _videoCodec = video;
        _audioCodec = audio;
    }

    public long PacketsWritten { get; private set; }

    /// <summary>Muxes one frame; returns the number of TS packets written (0 when its payload was malformed).</summary>
    public int WriteFrame(MediaFrame frame, IBufferWriter<byte> output) =>
        WriteFrame(frame.Track.Codec, frame.Dts, frame.Pts, frame.IsKeyframe, _formatter.Format(frame), output);

    /// <summary>Muxes an elementary-stream-ready payload (Annex B, ADTS...) of <paramref name="codec"/>.</summary>
    public int WriteFrame(CodecId codec, long dts, long pts, bool keyframe, ReadOnlySpan<byte> elementary, IBufferWriter<byte> output)
    {
        if (elementary.IsEmpty)
            return 0;
        var isVideo = codec.Kind() == MediaKind.Video;
        DeclareCodec(codec, isVideo);
        var packets = 0;
        var hasVideo = _videoCodec != CodecId.Unknown;
        if (_tablesDue || (isVideo && keyframe) || dts - _lastTablesDts >= TableInterval)
            packets += WriteTables(output, dts);

        var pcrTrack = hasVideo ? isVideo : !isVideo;
        var withDts = dts != pts;
        var headerLength = PesHeader.Write(_pesHeader, TsStreamTypes.StreamIdFor(codec), pts, dts, withDts, elementary.Length);
        var pid = isVideo ? TsConstants.VideoPid : TsConstants.AudioPid;
        ref var counter = ref isVideo ? ref _videoCounter : ref _audioCounter;
        packets += TsPacketizer.WritePes(output, pid, ref counter, _pesHeader.AsSpan(0, headerLength), elementary,
            pcrTrack ? dts - PcrLead : -1, randomAccess: keyframe && (isVideo || !hasVideo));
        PacketsWritten += packets;
        return packets;
    }

    private void DeclareCodec(CodecId codec, bool isVideo)
    {
        ref var declared = ref isVideo ? ref _videoCodec : ref _audioCodec;
        if (declared == codec)
            return;
        declared = codec;
        _version = (_version + 1) & 0x1F;
        _tablesDue = true;
    }

    private int WriteTables(IBufferWriter<byte> output, long dts)
    {
        var length = PsiSections.WritePat(_section, transportStreamId: 1, TsConstants.PmtPid, version: 0);
        TsPacketizer.WriteSection(output, TsConstants.PatPid, ref _patCounter, _section.AsSpan(0, length));
        var count = 0;
        if (_videoCodec != CodecId.Unknown)
            _streams[count++] = new TsElementaryStream(TsConstants.VideoPid, TsStreamTypes.For(_videoCodec), false);
        if (_audioCodec != CodecId.Unknown)
            _streams[count++] = new TsElementaryStream(TsConstants.AudioPid, TsStreamTypes.For(_audioCodec), _audioCodec == CodecId.Opus);
        var pcrPid = _videoCodec != CodecId.Unknown ? TsConstants.VideoPid : TsConstants.AudioPid;
        length = PsiSections.WritePmt(_section, pcrPid, _version, _streams.AsSpan(0, count));
        TsPacketizer.WriteSection(output, TsConstants.PmtPid, ref _pmtCounter, _section.AsSpan(0, length));
        _tablesDue = false;
        _lastTablesDts = dts;
        return 2;
    }
}
