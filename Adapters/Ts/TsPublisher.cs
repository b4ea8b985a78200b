using System.Buffers;
using InteropGateway.Codecs.Containers.MpegTs;
using InteropGateway.Codecs.Media;
using InteropGateway.Core.Relay;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.Ts;

/// <summary>
/// Publishes an MPEG-TS byte stream (SRT, plain UDP or an H5 push, in pieces of any size) as canonical
/// frames: H264/H265 with their parameter sets moved into the track config, AAC out of ADTS, Opus
/// out of its TS framing, MP2 frames and MPEG-1 pictures as they are, all timed on the core's
/// 90 kHz timeline. Other stream types are named once in the log and ignored. The caller owns the
/// publication; <see cref="Dispose"/> only hands over the PES still open at the end of input.
/// </summary>
public sealed class TsPublisher : ITsDemuxHandler, IDisposable
{
    private readonly Publication _publication;
    private readonly ILogger _logger;
    private readonly TsDemuxer _demuxer;
    private readonly TsTimeline _timeline = new();
    private readonly TsFrameSink _sink;
    private readonly H264PesReader _h264;
    private readonly H265PesReader _h265;
    private readonly Mpeg1VideoPesReader _mpeg1;
    private readonly AacPesReader _aac;
    private readonly OpusPesReader _opus;
    private readonly Mp2PesReader _mp2;
    /// <summary>Stream types already reported as unsupported, so a PMT repeated every 100 ms logs once.</summary>
    private readonly bool[] _reportedTypes = new bool[256];
    private long _ignoredPes;
    private bool _disposed;

    public TsPublisher(Publication publication, ILogger logger, int maxPesBytes = 4 << 20)
    {
        _publication = publication;
        _logger = logger;
        _demuxer = new TsDemuxer(this, maxPesBytes);
        _sink = new TsFrameSink(publication, logger);
        _h264 = new H264PesReader(_sink);
        _h265 = new H265PesReader(_sink);
        _mpeg1 = new Mpeg1VideoPesReader(_sink);
        _aac = new AacPesReader(_sink);
        _opus = new OpusPesReader(_sink);
        _mp2 = new Mp2PesReader(_sink);
    }

    public long VideoFrames => _sink.VideoFrames;
    public long AudioFrames => _sink.AudioFrames;
    public long Skipped => _sink.Skipped;

    public string Summary =>
        $"{_sink.VideoFrames} video frames, {_sink.AudioFrames} audio frames, {_sink.Skipped} skipped, " +
        $"{_demuxer.ContinityErrors} continuity errors, {_demuxer.DroppedPes} PES dropped, {_demuxer.SyncLosses} sync losses, " +
        $"{_ignoredPes} PES of unsupported streams ignored";

    public void Push(ReadOnlySpan<byte> ts) => _demuxer.Push(ts);

    public void Push(in ReadOnlySequence<byte> ts) => _demuxer.Push(ts);

    public void OnProgram(ReadOnlySpan<TsElementaryStream> streams)
    {
        foreach (var stream in streams)
        {
            var codec = TsStreamTypes.ToCodec(stream.StreamType, stream.HasOpusRegistration);
            if (codec != CodecId.Unknown)
                _logger.LogInformation("TS ingest {Session} of {Stream}: PID {Pid} carries {Codec}", _publication.Info, _publication.Key, stream.Pid, codec.Name());
            else if (!_reportedTypes[(int)stream.StreamType])
            {
                _reportedTypes[(int)stream.StreamType] = true;
                _logger.LogWarning("TS ingest {Session} of {Stream}: PID {Pid} ignored, stream type 0x{Type:X2} is not one the gateway carries (H264, H265, MPEG-1, AAC, Opus, MP2)",
                    _publication.Info, _publication.Key, stream.Pid, (int)stream.StreamType);
            }
        }
    }

    public void OnPes(in TsPesPacket pes)
    {
        if (pes.Codec == CodecId.Unknown)
        {
            _ignoredPes++;
            return;
        }
        if (!pes.HasPts)
        {
            _sink.Skip(); // nothing to time it by
            return;
        }
        var dts = _timeline.ToCore(pes.Dts);
        var pts = dts + ((pes.Pts - pes.Dts) & TsConstants.TimestampMask);
        switch (pes.Codec)
        {
            case CodecId.H264:
                _h264.Read(pes.Payload, dts, pts);
                break;
            case CodecId.H265:
                _h265.Read(pes.Payload, dts, pts);
                break;
            case CodecId.Mpeg1Video:
                _mpeg1.Read(pes.Payload, dts, pts);
                break;
            case CodecId.Aac:
                _aac.Read(pes.Payload, pts);
                break;
            case CodecId.Opus:
                _opus.Read(pes.Payload, pts);
                break;
            case CodecId.Mp2:
                _mp2.Read(pes.Payload, pts);
                break;
        }
    }

    public void OnPesLost(int pid, CodecId codec)
    {
        if (codec.Kind() == MediaKind.Video)
            _sink.VideoLost();
    }

    /// <summary>End of input: the video PES of unbounded length still open is complete now.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _demuxer.Flush();
    }
}
