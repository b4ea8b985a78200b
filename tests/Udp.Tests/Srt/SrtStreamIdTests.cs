using InteropGateway.Adapters.Udp.Native;
using InteropGateway.Adapters.Udp.Srt;

namespace InteropGateway.Tests.Udp.Srt;

public sealed class SrtStreamIdTests
{
    [Theory]
    [InlineData("#!::r=live/x,m=publish", "publish live/x")]
    [InlineData("#!::r=live/x,m=request", "play live/x")]
    [InlineData("#!::r=live/x", "play live/x")] // request is the spec's default mode
    [InlineData("#!::m=publish,u=alice,s=123abc,h=example.com,t=stream,r=app1/cam-2", "publish app1/cam-2")]
    [InlineData("#!::r=live/x,m=publish,vendorkey=anything", "publish live/x")]
    [InlineData("live/x", "play live/x")]
    [InlineData("publish:live/x", "publish live/x")]
    [InlineData("read:live/x", "play live/x")]
    [InlineData("play:live/x", "play live/x")]
    public void Accepted_forms_name_the_mode_and_the_stream(string streamId, string expected)
    {
        Assert.True(SrtStreamId.TryParse(streamId, out var request, out _, out var error), error);
        Assert.Equal(expected, request.ToString());
    }

    [Theory]
    [InlineData(null, SrtRejectReason.BadRequest, "no stream id")]
    [InlineData("", SrtRejectReason.BadRequest, "no stream id")]
    [InlineData("#!::m=publish", SrtRejectReason.BadRequest, "no r=")]
    [InlineData("#!::r=live/x,m", SrtRejectReason.BadRequest, "is not key=value")]
    [InlineData("#!::r=live/x,=v", SrtRejectReason.BadRequest, "is not key=value")]
    [InlineData("#!::r=live,m=publish", SrtRejectReason.BadRequest, "is not app/stream")]
    [InlineData("#!::r=a/b/c", SrtRejectReason.BadRequest, "is not app/stream")]
    [InlineData("#!::r=live/x y", SrtRejectReason.BadRequest, "not allowed")]
    [InlineData("#!::r=live/x,m=bidirectional", SrtRejectReason.BadMode, "m=bidirectional")]
    [InlineData("#!::r=live/x,t=file", SrtRejectReason.UnsupportedMedia, "t=file")]
    [InlineData("push:live/x", SrtRejectReason.BadRequest, "unknown prefix")]
    [InlineData("live/../x", SrtRejectReason.BadRequest, "is not app/stream")]
    public void Malformed_ids_are_refused_with_the_access_control_reason(string? streamId, int reason, string message)
    {
        Assert.False(SrtStreamId.TryParse(streamId, out _, out var rejectReason, out var error));
        Assert.Equal(reason, rejectReason);
        Assert.Contains(message, error);
    }

    [Fact]
    public void An_id_longer_than_srt_allows_is_refused()
    {
        Assert.False(SrtStreamId.TryParse("#!::r=live/x,u=" + new string('a', 600), out _, out var reason, out var error));
        Assert.Equal(SrtRejectReason.BadRequest, reason);
        Assert.Contains("longer than 512", error);
    }
}
