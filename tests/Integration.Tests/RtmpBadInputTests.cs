using System.Buffers;
using System.Buffers.Binary;
using InteropGateway.Adapters.Rtmp.Protocol;
using InteropGateway.Tests.Integration.Infrastructure;

namespace InteropGateway.Tests.Integration;

/// <summary>
/// Hostile or broken RTMP peers: each is cut off with a logged reason, and a stream being
/// published and played at the same time never notices.
/// </summary>
public sealed class RtmpBadInputTests(GatewayFixture gateway, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Garbage_huge_chunk_size_and_deep_amf_close_only_their_own_connection()
    {
        var clip = await SourceMedia.ClipAsync(10);
        const string key = "live/steady";
        var player = Ffmpeg.RunAsync($"-v error -i {gateway.RtmpUrl(key)} -map 0:v -map 0:a -f null -", TimeSpan.FromSeconds(60));
        var publisher = SourceMedia.PublishAsync(clip, gateway.RtmpUrl(key));
        var stream = await gateway.WaitForLiveAsync(key);

        await AssertCutOffAsync("garbage after the handshake", async client =>
            await client.SendAsync(Enumerable.Repeat((byte)0xFF, 4096).ToArray()));

        await AssertCutOffAsync("huge chunk size", async client =>
        {
            var payload = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(payload, 0x7FFF_FFFF);
            await client.SendMessageAsync(RtmpChunkStreamId.ProtocolControl, RtmpMessageType.SetChunkSize, 0, payload);
        });

        await AssertCutOffAsync("deeply nested AMF", async client =>
            await client.SendMessageAsync(RtmpChunkStreamId.Command, RtmpMessageType.CommandAmf0, 0, NestedConnectCommand(depth: 1000)));

        var framesBefore = stream.FramesIn;
        await Task.Delay(500);
        Assert.True(stream.FramesIn > framesBefore, "the honest stream stopped flowing");

        var published = await publisher;
        var played = await player;
        output.WriteLine($"publisher: {published}\nplayer: {played}");
        Assert.True(published.ExitCode == 0, published.ToString());
        Assert.True(played.ExitCode == 0 && played.Stderr.Trim().Length == 0, $"the honest player was disturbed: {played}");
    }

    private async Task AssertCutOffAsync(string what, Func<RawRtmpClient, Task> misbehave)
    {
        await using var client = await RawRtmpClient.ConnectAsync(gateway.RtmpPort);
        var address = $"127.0.0.1:{client.LocalEndPoint.Port} ";
        await misbehave(client);
        Assert.True(await client.WaitForServerCloseAsync(CloseTimeout), $"{what}: the gateway kept the connection open");
        var line = await gateway.Logs.WaitForAsync(CloseTimeout, address, "violated the protocol");
        output.WriteLine($"{what}: {line}");
        Assert.NotNull(line);
    }

    /// <summary>connect(1, {a:{a:{a:...}}}): an AMF0 object nested <paramref name="depth"/> levels.</summary>
    private static byte[] NestedConnectCommand(int depth)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var amf = new Amf0Writer(buffer);
        amf.WriteString("connect");
        amf.WriteNumber(1);
        var nested = new List<byte>();
        for (var i = 0; i < depth; i++)
            nested.AddRange([0x03, 0x00, 0x01, (byte)'a']); // object marker, then key "a" whose value is the next object
        nested.Add(0x05); // innermost value: null
        for (var i = 0; i < depth; i++)
            nested.AddRange([0x00, 0x00, 0x09]); // object end
        return [.. buffer.WrittenSpan, .. nested];
    }
}
