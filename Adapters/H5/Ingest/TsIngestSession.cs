using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Containers.MpegTs;
using InteropGateway.Codecs.Media;
using InteropGateway.Core.Relay;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.H5.Ingest;

/// <summary>
/// Turns the PES of an H5 push (MPEG-TS with MPEG-1 video and MP2 audio, as <c>ffmpeg -f mpegts
/// -codec:v mpeg1video -codec:a mp2</c> sends it to JSMpeg relays) into canonical frames for the
/// publication: one MPEG-1 picture per frame (keyframe = I-picture; pictures before the first
/// sequence header are skipped, nothing could decode them), one MP2 frame per frame.
/// </summary>
internal sealed class TsIngestSession : ITsDemuxHandler
{
    private const int Mp2SamplesPerFrame = 1152;

    private readonly Publication _publication;
    private readonly ILogger _logger;
    private readonly TsTimeline _timeline = new();
    private TrackConfig? _video;
    private TrackConfig? _audio;
    private bool _warnedUnsupported;

    public TsIngestSession(Publication publication, ILogger logger, int maxPesBytes)
    {
        _publication = publication;
        _logger = logger;
        Demuxer = new TsDemuxer(this, maxPesBytes);
    }

    public TsDemuxer Demuxer { get; }
    public long VideoFrames { get; private set; }
    public long AudioFrames { get; private set; }
    public long Skipped { get; private set; }

    public string Summary =>
        $"{VideoFrames} pictures, {AudioFrames} audio frames, {Skipped} skipped, {Demuxer.ContinityErrors} continuity errors, {Demuxer.DroppedPes} PES dropped";

    public void OnProgram(ReadOnlySpan<TsElementaryStream> streams)
    {
        foreach (var stream in streams)
        {
            var codec = TsStreamTypes.ToCodec(stream.StreamType, stream.HasOpusRegistration);
            if (codec is CodecId.Mpeg1Video or CodecId.Mp2)
                _logger.LogInformation("H5 ingest {Session}: PID {Pid} carries {Codec}", _publication.Info, stream.Pid, codec.Name());
            else
                _logger.LogWarning("H5 ingest {Session}: PID {Pid} (stream type 0x{Type:X2}, {Codec}) ignored: H5 carries MPEG-1 video and MP2 audio",
                    _publication.Info, stream.Pid, (int)stream.StreamType, codec.Name());
        }
    }

    public void OnPes(in TsPesPacket pes)
    {
        if (!pes.HasPts)
        {
            Skipped++;
            return;
        }
        switch (pes.Codec)
        {
            case CodecId.Mpeg1Video:
                PublishPicture(pes);
                break;
            case CodecId.Mp2:
                PublishAudio(pes);
                break;
            default:
                Skipped++;
                if (!_warnedUnsupported)
                    _logger.LogWarning("H5 ingest {Session}: skipping {Codec} PES (only MPEG-1 video and MP2 audio)", _publication.Info, pes.Codec.Name());
                _warnedUnsupported = true;
                break;
        }
    }

    private void PublishPicture(in TsPesPacket pes)
    {
        var payload = pes.Payload;
        if (Mpeg1SequenceHeader.TryReadSize(payload, out var width, out var height) && (_video is null || _video.Width != width || _video.Height != height))
            _video = new TrackConfig(MediaKind.Video, CodecId.Mpeg1Video, ReadOnlyMemory<byte>.Empty) { Width = width, Height = height };
        if (_video is null)
        {
            Skipped++;
            return;
        }
        var keyframe = Mpeg1PictureType.Find(payload) == Mpeg1PictureType.Intra;
        var dts = _timeline.ToCore(pes.Dts);
        var pts = dts + ((pes.Pts - pes.Dts) & TsConstants.TimestampMask);
        _publication.Publish(MediaFrame.Copy(_video, payload, dts, pts, keyframe));
        VideoFrames++;
    }

    /// <summary>ffmpeg packs several MP2 frames into one audio PES; the canonical payload is one frame.</summary>
    private void PublishAudio(in TsPesPacket pes)
    {
        var data = pes.Payload;
        var start = _timeline.ToCore(pes.Pts);
        var index = 0;
        while (MpegAudioFrameHeader.TryRead(data, out var header) && header.FrameLength <= data.Length)
        {
            if (_audio is null || _audio.SampleRate != header.SampleRate || _audio.Channels != header.Channels)
                _audio = new TrackConfig(MediaKind.Audio, CodecId.Mp2, ReadOnlyMemory<byte>.Empty) { SampleRate = header.SampleRate, Channels = header.Channels };
            var pts = start + (long)index * Mp2SamplesPerFrame * Timebase.TicksPerSecond / header.SampleRate;
            _publication.Publish(MediaFrame.Copy(_audio, data[..header.FrameLength], pts, pts, isKeyframe: true));
            AudioFrames++;
            index++;
            data = data[header.FrameLength..];
        }
        if (!data.IsEmpty)
            Skipped++; // a partial or damaged frame at the end of the PES
    }
}
