using InteropGateway.Codecs.Media;
using InteropGateway.Matrix;

namespace InteropGateway.Tests.Matrix;

public class RoutePlannerTests
{
    private static readonly MatrixDefinition Shipped = TestFiles.Shipped();

    private static RoutePlan Plan(string source, string sink, params CodecId[] codecs) =>
        RoutePlanner.Plan(Shipped, source, codecs, sink);

    private static void AssertPass(TrackRoute route, CodecId codec)
    {
        Assert.True(route.Action == RouteAction.PassThrough, route.Reason);
        Assert.Equal(codec, route.SourceCodec);
        Assert.Equal(codec, route.TargetCodec);
    }

    private static void AssertTranscode(TrackRoute route, CodecId from, CodecId to)
    {
        Assert.True(route.Action == RouteAction.Transcode, route.Reason);
        Assert.Equal(from, route.SourceCodec);
        Assert.Equal(to, route.TargetCodec);
    }

    [Fact]
    public void RtmpToWebRtcPassesVideoAndConvertsAacToOpus()
    {
        var plan = Plan("rtmp", "webrtc", CodecId.H264, CodecId.Aac);
        AssertPass(plan.Tracks[0], CodecId.H264);
        AssertTranscode(plan.Tracks[1], CodecId.Aac, CodecId.Opus);
        Assert.True(plan.NeedsTranscode);
        Assert.Equal("rtmp->webrtc: aac not accepted by webrtc; cell Opus/AAC converts aac->opus", plan.Tracks[1].Reason);
        Assert.Contains("aac->opus", plan.ToString());
    }

    [Fact]
    public void RtmpToRtmpPassesAll()
    {
        var plan = Plan("rtmp", "rtmp", CodecId.H264, CodecId.Aac);
        AssertPass(plan.Tracks[0], CodecId.H264);
        AssertPass(plan.Tracks[1], CodecId.Aac);
        Assert.False(plan.NeedsTranscode);
    }

    [Fact]
    public void RtmpToH5ConvertsBothTracks()
    {
        var plan = Plan("rtmp", "h5", CodecId.H264, CodecId.Aac);
        AssertTranscode(plan.Tracks[0], CodecId.H264, CodecId.Mpeg1Video);
        AssertTranscode(plan.Tracks[1], CodecId.Aac, CodecId.Mp2);
    }

    [Fact]
    public void H5ToRtmpConvertsBothTracks()
    {
        var plan = Plan("h5", "rtmp", CodecId.Mpeg1Video, CodecId.Mp2);
        AssertTranscode(plan.Tracks[0], CodecId.Mpeg1Video, CodecId.H264);
        AssertTranscode(plan.Tracks[1], CodecId.Mp2, CodecId.Aac);
    }

    [Fact]
    public void WebRtcH264ToRtmpPassesVideoAndConvertsOpus()
    {
        var plan = Plan("webrtc", "rtmp", CodecId.H264, CodecId.Opus);
        AssertPass(plan.Tracks[0], CodecId.H264);
        AssertTranscode(plan.Tracks[1], CodecId.Opus, CodecId.Aac);
    }

    [Fact]
    public void WebRtcVp8ToRtmpConvertsBoth()
    {
        var plan = Plan("webrtc", "rtmp", CodecId.Vp8, CodecId.Opus);
        AssertTranscode(plan.Tracks[0], CodecId.Vp8, CodecId.H264);
        AssertTranscode(plan.Tracks[1], CodecId.Opus, CodecId.Aac);
    }

    [Fact]
    public void UdpH264AacToRtmpPassesAll()
    {
        var plan = Plan("udp", "rtmp", CodecId.H264, CodecId.Aac);
        AssertPass(plan.Tracks[0], CodecId.H264);
        AssertPass(plan.Tracks[1], CodecId.Aac);
        Assert.False(plan.NeedsTranscode);
    }

    [Fact]
    public void UdpH265OpusToRtmpConvertsToPreferred()
    {
        var plan = Plan("udp", "rtmp", CodecId.H265, CodecId.Opus);
        AssertTranscode(plan.Tracks[0], CodecId.H265, CodecId.H264);
        AssertTranscode(plan.Tracks[1], CodecId.Opus, CodecId.Aac);
        Assert.Contains("maybe", plan.Tracks[0].Reason);
    }

    [Fact]
    public void UdpH264OpusToWebRtcPassesBoth()
    {
        var plan = Plan("udp", "webrtc", CodecId.H264, CodecId.Opus);
        AssertPass(plan.Tracks[0], CodecId.H264);
        AssertPass(plan.Tracks[1], CodecId.Opus);
    }

    [Fact]
    public void WebRtcToUdpPassesBoth()
    {
        var plan = Plan("webrtc", "udp", CodecId.H264, CodecId.Opus);
        AssertPass(plan.Tracks[0], CodecId.H264);
        AssertPass(plan.Tracks[1], CodecId.Opus);
    }

    [Fact]
    public void WebRtcViewersOfAVp8OnlyWebRtcPublisherGetH264AndTheOpusAsIs()
    {
        // Diagonal none cell: WebRTC may publish VP8 but serves H264, so its own viewers get H264.
        var plan = Plan("webrtc", "webrtc", CodecId.Vp8, CodecId.Opus);
        AssertTranscode(plan.Tracks[0], CodecId.Vp8, CodecId.H264);
        Assert.Contains("webrtc may publish it", plan.Tracks[0].Reason);
        AssertPass(plan.Tracks[1], CodecId.Opus);
        Assert.False(plan.HasImpossible);
    }

    [Fact]
    public void NoneCellWithUnacceptedCodecIsImpossible()
    {
        var plan = Plan("rtmp", "cdn", CodecId.H265, CodecId.Aac);
        var video = plan.Tracks[0];
        Assert.Equal(RouteAction.Impossible, video.Action);
        Assert.Equal(CodecId.H265, video.SourceCodec);
        Assert.Contains("rtmp->cdn", video.Reason);
        Assert.Contains("cell none", video.Reason);
        Assert.Contains("h265", video.Reason);
        AssertPass(plan.Tracks[1], CodecId.Aac);
        Assert.True(plan.HasImpossible);
        Assert.False(plan.NeedsTranscode);
    }

    [Fact]
    public void ConvertingCellWithoutAConversionForTheCodecIsImpossible()
    {
        var plan = Plan("h5", "webrtc", CodecId.H265);
        Assert.Equal(RouteAction.Impossible, plan.Tracks[0].Action);
        Assert.Contains("cell H264/MPEG1 has no conversion from h265", plan.Tracks[0].Reason);
    }

    [Fact]
    public void UnknownProtocolIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Plan("sip", "rtmp", CodecId.H264));
        Assert.Contains("sip", e.Message);
    }

    [Fact]
    public void PlanKeepsOneRoutePerTrackInOrder()
    {
        var plan = Plan("udp", "h5", CodecId.H264, CodecId.Aac, CodecId.Opus);
        Assert.Equal([0, 1, 2], plan.Tracks.Select(t => t.TrackIndex));
        AssertTranscode(plan.Tracks[2], CodecId.Opus, CodecId.Mp2);
    }
}
