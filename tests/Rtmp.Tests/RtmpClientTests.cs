using System.Diagnostics;
using InteropGateway.Adapters.Rtmp.Cdn;
using InteropGateway.Adapters.Rtmp.Client;
using InteropGateway.Adapters.Rtmp.Protocol;
using InteropGateway.Core.Relay;

namespace InteropGateway.Tests.Rtmp;

/// <summary>The RTMP client the CDN adapter is built on, against a scripted server; and the URL and rule helpers.</summary>
public class RtmpClientTests
{
    private static readonly RtmpClientOptions Quick = new() { Timeout = TimeSpan.FromSeconds(2) };

    private static RtmpUrl Url(ClientTestServer server, string rest = "live/cam1?token=abc") => RtmpUrl.Parse($"rtmp://127.0.0.1:{server.Port}/{rest}");

    [Fact]
    public async Task Publish_sends_connect_and_publish_then_media()
    {
        await using var server = new ClientTestServer(ClientTestServer.Accepting);
        await using (var client = await RtmpClientConnection.ConnectAsync(Url(server), Quick, default))
        {
            await client.PublishAsync(default);
            await client.SendMediaAsync(RtmpMessageType.Video, 1234, new byte[] { 0x17, 0x01, 0, 0, 0, 9, 9 });
            await client.UnpublishAsync();
            await WaitUntilAsync(() => server.Commands.Any(c => c.Name == "deleteStream"));
        }
        var connect = server.Commands.First();
        Assert.Equal("connect", connect.Name);
        Assert.Equal("live", connect.CommandObject.GetString("app"));
        Assert.Equal($"rtmp://127.0.0.1:{server.Port}/live", connect.CommandObject.GetString("tcUrl"));
        var publish = Assert.Single(server.Commands, c => c.Name == "publish");
        Assert.Equal("cam1?token=abc", publish.Argument(0).StringOrNull); // CDN tokens ride on the stream name
        Assert.Equal("live", publish.Argument(1).StringOrNull);
        Assert.Equal(["releaseStream", "FCPublish", "createStream"], server.Commands.Skip(1).Take(3).Select(c => c.Name));
        var media = Assert.Single(server.Media);
        Assert.Equal((RtmpMessageType.Video, 1234u), (media.Type, media.Timestamp));
        Assert.Equal([0x17, 0x01, 0, 0, 0, 9, 9], media.Payload);
    }

    [Fact]
    public async Task Refused_publish_throws_with_the_servers_status_code()
    {
        await using var server = new ClientTestServer(async (command, s) =>
        {
            if (command.Name == "publish")
                await ClientTestServer.Status(s, "error", "NetStream.Publish.BadName", "Already publishing");
            else
                await ClientTestServer.Accepting(command, s);
        });
        await using var client = await RtmpClientConnection.ConnectAsync(Url(server), Quick, default);
        var refused = await Assert.ThrowsAsync<RtmpClientException>(() => client.PublishAsync(default));
        Assert.Equal("NetStream.Publish.BadName", refused.Code);
        Assert.Contains("Already publishing", refused.Message);
    }

    [Fact]
    public async Task Refused_connect_throws_with_the_servers_error()
    {
        await using var server = new ClientTestServer((command, s) => s.SendCommandAsync(0, "_error", command.TransactionId, AmfValue.Null,
            AmfValue.Object(new AmfObject().Set("level", "error").Set("code", "NetConnection.Connect.Rejected").Set("description", "bad app"))));
        var refused = await Assert.ThrowsAsync<RtmpClientException>(() => RtmpClientConnection.ConnectAsync(Url(server), Quick, default));
        Assert.Equal("NetConnection.Connect.Rejected", refused.Code);
    }

    [Fact]
    public async Task Server_that_never_answers_the_handshake_times_out_in_bounded_time()
    {
        await using var server = new ClientTestServer(ClientTestServer.Accepting, handshake: false);
        var clock = Stopwatch.StartNew();
        var timeout = await Assert.ThrowsAsync<TimeoutException>(() =>
            RtmpClientConnection.ConnectAsync(Url(server), Quick with { Timeout = TimeSpan.FromSeconds(1) }, default));
        // 1 s, not less: on a loaded 2-core machine the loopback connect alone has taken over 300 ms.
        Assert.Contains("handshake", timeout.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(950), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Nobody_listening_fails_fast_with_a_socket_error()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() =>
            RtmpClientConnection.ConnectAsync(RtmpUrl.Parse($"rtmp://127.0.0.1:{port}/live/x"), Quick, default));
    }

    [Fact]
    public async Task Play_delivers_media_including_the_tags_of_an_aggregate_message()
    {
        await using var server = new ClientTestServer(ClientTestServer.Accepting);
        await using var client = await RtmpClientConnection.ConnectAsync(Url(server, "live/cam1"), Quick, default);
        var received = new List<(byte Type, uint Timestamp, byte[] Payload)>();
        client.MediaReceived = (type, timestamp, payload) => { lock (received) received.Add((type, timestamp, payload.ToArray())); };
        await client.PlayAsync(default);

        await server.SendAsync(RtmpChunkStreamId.Video, RtmpMessageType.Video, 40, 1, [0x17, 1, 0, 0, 0, 7]);
        // Two FLV tags stamped 5000 and 5023 inside an aggregate stamped 100: they come out at 100 and 123.
        byte[] aggregate = [.. Tag(RtmpMessageType.Audio, 5000, [0xAF, 1, 1]), .. Tag(RtmpMessageType.Video, 5023, [0x27, 1, 0, 0, 0, 2])];
        await server.SendAsync(RtmpChunkStreamId.Video, RtmpMessageType.Aggregate, 100, 1, aggregate);
        await WaitUntilAsync(() => { lock (received) return received.Count == 3; });
        Assert.Equal([(RtmpMessageType.Video, 40u), (RtmpMessageType.Audio, 100u), (RtmpMessageType.Video, 123u)], received.Select(r => (r.Type, r.Timestamp)));
        Assert.Equal([0x27, 1, 0, 0, 0, 2], received[2].Payload);
        Assert.Contains(server.UserControl, e => e.EventType == UserControlEventType.SetBufferLength);
    }

    [Fact]
    public async Task Ping_is_answered_and_a_hang_up_closes_with_a_reason()
    {
        await using var server = new ClientTestServer(ClientTestServer.Accepting);
        await using var client = await RtmpClientConnection.ConnectAsync(Url(server, "live/cam1"), Quick, default);
        await client.PlayAsync(default);
        await server.SendAsync(RtmpChunkStreamId.ProtocolControl, RtmpMessageType.UserControl, 0, 0, [0, 6, 0, 0, 0x30, 0x39]);
        await WaitUntilAsync(() => server.UserControl.Any(e => e is { EventType: UserControlEventType.PingResponse, Value: 12345 }));

        server.Drop();
        await Task.Delay(Timeout.Infinite, client.Closed).ContinueWith(_ => { }).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(client.CloseReason is "server closed the connection" || client.CloseReason!.StartsWith("connection lost"), client.CloseReason);
    }

    [Theory]
    [InlineData("rtmp://cdn.example.com/live/cam1", false, "cdn.example.com", 1935, "live", "cam1")]
    [InlineData("rtmps://cdn.example.com/live/cam1?k=v&t=1", true, "cdn.example.com", 443, "live", "cam1?k=v&t=1")]
    [InlineData("rtmp://10.0.0.1:19350/app/inst/name", false, "10.0.0.1", 19350, "app/inst", "name")]
    public void Urls_split_into_host_port_app_and_stream_name(string text, bool secure, string host, int port, string app, string name)
    {
        var url = RtmpUrl.Parse(text);
        Assert.Equal((secure, host, port, app, name), (url.Secure, url.Host, url.Port, url.App, url.StreamName));
    }

    [Theory]
    [InlineData("http://cdn/live/x")]
    [InlineData("rtmp://cdn/live")]
    [InlineData("rtmp://cdn/live/")]
    [InlineData("not a url")]
    public void Bad_urls_are_refused_with_a_reason(string text)
    {
        Assert.False(RtmpUrl.TryParse(text, out _, out var error));
        Assert.Contains(text, error);
    }

    [Fact]
    public void Redacted_url_hides_query_values()
    {
        Assert.Equal("rtmps://cdn:443/live/cam1?txSecret=***&txTime=***", RtmpUrl.Parse("rtmps://cdn/live/cam1?txSecret=abc&txTime=5F").Redacted);
        Assert.Equal("rtmp://cdn:1935/live/cam1", RtmpUrl.Parse("rtmp://cdn/live/cam1").Redacted);
    }

    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("cam*", "cam12", true)]
    [InlineData("cam*", "xcam", false)]
    [InlineData("c?m", "cam", true)]
    [InlineData("c?m", "cm", false)]
    [InlineData("*-hd", "show-hd", true)]
    [InlineData("*-hd", "show-sd", false)]
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("live", "Live", false)]
    public void Glob_patterns_match_stream_names(string pattern, string text, bool matches) =>
        Assert.Equal(matches, GlobPattern.IsMatch(pattern, text));

    [Fact]
    public void Rule_expands_its_url_template_for_a_stream()
    {
        var rule = new CdnRule { App = "live", Stream = "cam*", Url = "rtmp://ingest.example.com/{app}/{stream}?key=K" };
        var key = new StreamKey("live", "cam7");
        Assert.True(rule.Matches(key));
        Assert.False(rule.Matches(new StreamKey("other", "cam7")));
        Assert.True(rule.TryExpand(key, out var url, out _));
        Assert.Equal("rtmp://ingest.example.com:1935/live/cam7?key=K", url!.ToString());
    }

    private static byte[] Tag(byte type, uint timestamp, byte[] body) =>
    [
        type, (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length,
        (byte)(timestamp >> 16), (byte)(timestamp >> 8), (byte)timestamp, (byte)(timestamp >> 24), 0, 0, 0,
        .. body,
        0, 0, 0, (byte)(11 + body.Length),
    ];

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "condition not met within 5 s");
            await Task.Delay(20);
        }
    }
}
