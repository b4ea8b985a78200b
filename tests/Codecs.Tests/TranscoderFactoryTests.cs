using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Transcoding;

namespace InteropGateway.Tests.Codecs;

public sealed class TranscoderFactoryTests
{
    [Theory]
    [InlineData(CodecId.Aac, CodecId.Opus)]
    [InlineData(CodecId.Opus, CodecId.Aac)]
    [InlineData(CodecId.Aac, CodecId.Mp2)]
    [InlineData(CodecId.Opus, CodecId.Mp2)]
    [InlineData(CodecId.Mp2, CodecId.Aac)]
    [InlineData(CodecId.Mp2, CodecId.Opus)]
    public void Every_audio_pair_is_supported(CodecId from, CodecId to)
    {
        Assert.True(TranscoderFactory.CanConvert(from, to));
        var track = new TrackConfig(MediaKind.Audio, from, ReadOnlyMemory<byte>.Empty);
        using var transcoder = TranscoderFactory.Create(track, to, new TranscodeSettings());
        Assert.Equal((from, to), (transcoder.Source, transcoder.Target));
        Assert.Null(transcoder.OutputTrack); // opened with the first decoded frame
        transcoder.RequestKeyframe(); // a no-op for audio
    }

    [Theory]
    [InlineData(CodecId.Aac, CodecId.Aac)]
    [InlineData(CodecId.Aac, CodecId.H264)]
    [InlineData(CodecId.H264, CodecId.Opus)]
    public void Same_codec_and_cross_kind_pairs_are_refused(CodecId from, CodecId to)
    {
        Assert.False(TranscoderFactory.CanConvert(from, to));
        var track = new TrackConfig(from.Kind(), from, ReadOnlyMemory<byte>.Empty);
        Assert.Throws<NotSupportedException>(() => TranscoderFactory.Create(track, to, new TranscodeSettings()));
    }
}
