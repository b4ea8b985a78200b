using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Containers.MpegTs;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.Ts;

/// <summary>
/// MPEG-1 video (stream type 0x01, or 0x02 as ffmpeg declares it): one picture per PES, config from
/// the sequence header's size, keyframe = I-picture. Pictures before the first sequence header are
/// skipped: nothing could decode them.
/// </summary>
internal sealed class Mpeg1VideoPesReader(TsFrameSink sink)
{
    private TrackConfig? _config;

    public void Read(ReadOnlySpan<byte> picture, long dts, long pts)
    {
        if (Mpeg1SequenceHeader.TryReadSize(picture, out var width, out var height) && (_config is null || _config.Width != width || _config.Height != height))
        {
            _config = new TrackConfig(MediaKind.Video, CodecId.Mpeg1Video, ReadOnlyMemory<byte>.Empty) { Width = width, Height = height };
            sink.ConfigChanged(_config);
        }
        if (_config is null)
        {
            sink.Skip();
            return;
        }
        var keyframe = Mpeg1PictureType.Find(picture) == Mpeg1PictureType.Intra;
        sink.Publish(MediaFrame.Copy(_config, picture, dts, pts, keyframe));
    }
}
