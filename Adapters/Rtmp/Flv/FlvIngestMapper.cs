using InteropGateway.Adapters.Rtmp.Protocol;
using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.Rtmp.Flv;

/// <summary>
/// Turns one publisher's RTMP audio/video messages (FLV tag bodies) into the core media model:
/// sequence headers become <see cref="TrackConfig"/>s, the rest become <see cref="MediaFrame"/>s
/// whose payload is the tag body after its header (AVC: length-prefixed NAL units, byte-identical
/// for pass-through; AAC: the raw access unit). One instance per publisher; not thread safe.
/// Timestamps go through a <see cref="PublisherTimeline"/>, so an encoder that resets or jumps its
/// clock mid-stream is rebased (the result then carries the <see cref="FlvIngestResult.Jump"/> to log).
/// </summary>
public sealed class FlvIngestMapper(TimeProvider? time = null)
{
    private readonly PublisherTimeline _clock = new(time);
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    public TrackConfig? VideoConfig { get; private set; }
    public TrackConfig? AudioConfig { get; private set; }

    /// <summary>Frames that came before their track's sequence header (nothing can decode them).</summary>
    public long DroppedBeforeSequenceHeader { get; private set; }
    /// <summary>Tags too short for their header, empty frames, or undecodable sequence headers.</summary>
    public long MalformedTags { get; private set; }
    /// <summary>Tags of codecs FLV ingest does not carry (only H264 and AAC are).</summary>
    public long UnsupportedTags { get; private set; }
    /// <summary>Timestamp resets and jumps that were rebased.</summary>
    public int TimestampJumps => _clock.Jumps;

    public FlvIngestResult Map(byte messageType, uint timestamp, ReadOnlySpan<byte> payload) => messageType switch
    {
        RtmpMessageType.Video => MapVideo(timestamp, payload),
        RtmpMessageType.Audio => MapAudio(timestamp, payload),
        _ => FlvIngestResult.Nothing,
    };

    private FlvIngestResult MapVideo(uint timestamp, ReadOnlySpan<byte> payload)
    {
        if (!FlvVideoTagHeader.TryParse(payload, out var header))
            return Malformed();
        if (header.FrameType == FlvVideoFrameType.InfoOrCommand)
            return FlvIngestResult.Nothing; // seek/info frames carry no picture
        if (header.IsEnhancedRtmp || !header.IsAvc)
            return Unsupported(header.IsEnhancedRtmp
                ? "enhanced RTMP video (HEVC/AV1 by FourCC) is not supported"
                : $"FLV video codec id {header.CodecId} is not supported (only 7 = H264)");

        var body = payload[header.HeaderLength..];
        switch (header.AvcPacketType)
        {
            case AvcPacketType.SequenceHeader:
                return NewVideoConfig(body);
            case AvcPacketType.Nalu:
                if (VideoConfig is null)
                    return DropBeforeSequenceHeader();
                if (body.IsEmpty)
                    return Malformed();
                var dts = Timebase.FromMilliseconds(_clock.Map(MediaKind.Video, timestamp, header.CompositionTimeMs, out var jump));
                var pts = dts + Timebase.FromMilliseconds(header.CompositionTimeMs);
                return new FlvIngestResult(FlvIngestOutcome.Frame, Frame: MediaFrame.Copy(VideoConfig, body, dts, pts, header.IsKeyframe), Jump: jump);
            default:
                return FlvIngestResult.Nothing; // end of sequence: the next sequence header says what follows
        }
    }

    private FlvIngestResult MapAudio(uint timestamp, ReadOnlySpan<byte> payload)
    {
        if (!FlvAudioTagHeader.TryParse(payload, out var header))
            return Malformed();
        if (!header.IsAac)
            return Unsupported($"FLV sound format {header.SoundFormat} is not supported (only 10 = AAC)");

        var body = payload[header.HeaderLength..];
        if (header.AacPacketType == AacPacketType.SequenceHeader)
            return NewAudioConfig(body);
        if (AudioConfig is null)
            return DropBeforeSequenceHeader();
        if (body.IsEmpty)
            return Malformed();
        var dts = Timebase.FromMilliseconds(_clock.Map(MediaKind.Audio, timestamp, 0, out var jump));
        return new FlvIngestResult(FlvIngestOutcome.Frame, Frame: MediaFrame.Copy(AudioConfig, body, dts, dts, isKeyframe: true), Jump: jump);
    }

    private FlvIngestResult NewVideoConfig(ReadOnlySpan<byte> extradata)
    {
        if (VideoConfig is not null && VideoConfig.Extradata.Span.SequenceEqual(extradata))
            return FlvIngestResult.Nothing; // encoders repeat it; same bytes keep the same instance
        var copy = extradata.ToArray();
        if (!AvcDecoderConfigurationRecord.TryParse(copy, out var record) || record.SequenceParameterSets.Count == 0)
            return Malformed("H264 sequence header is not a valid AVCDecoderConfigurationRecord");
        // Size is informative (API, logs): an SPS we cannot parse does not stop the stream.
        H264SequenceParameterSet.TryParse(record.SequenceParameterSets[0].Span, out var sps);
        VideoConfig = new TrackConfig(MediaKind.Video, CodecId.H264, copy) { Width = sps.Width, Height = sps.Height };
        return new FlvIngestResult(FlvIngestOutcome.NewTrackConfig, Config: VideoConfig);
    }

    private FlvIngestResult NewAudioConfig(ReadOnlySpan<byte> extradata)
    {
        if (AudioConfig is not null && AudioConfig.Extradata.Span.SequenceEqual(extradata))
            return FlvIngestResult.Nothing;
        if (!AudioSpecificConfig.TryParse(extradata, out var asc))
            return Malformed("AAC sequence header is not a valid AudioSpecificConfig");
        AudioConfig = new TrackConfig(MediaKind.Audio, CodecId.Aac, extradata.ToArray())
        {
            SampleRate = asc.OutputSampleRate,
            Channels = asc.Channels,
        };
        return new FlvIngestResult(FlvIngestOutcome.NewTrackConfig, Config: AudioConfig);
    }

    private FlvIngestResult DropBeforeSequenceHeader()
    {
        DroppedBeforeSequenceHeader++;
        return FlvIngestResult.Nothing;
    }

    private FlvIngestResult Malformed(string? reason = null)
    {
        MalformedTags++;
        return reason is not null && _reported.Add(reason)
            ? new FlvIngestResult(FlvIngestOutcome.Unsupported, Reason: reason)
            : FlvIngestResult.Nothing;
    }

    private FlvIngestResult Unsupported(string reason)
    {
        UnsupportedTags++;
        return _reported.Add(reason) ? new FlvIngestResult(FlvIngestOutcome.Unsupported, Reason: reason) : FlvIngestResult.Nothing;
    }
}
