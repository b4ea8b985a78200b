using System.Diagnostics;
using System.Net;
using System.Text.Json;
using InteropGateway.Core.Options;
using InteropGateway.Host;
using InteropGateway.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InteropGateway.Tests.Integration;

/// <summary>What an operator sees: /api/streams, /api/matrix, configuration overrides, "not found" answers.</summary>
public sealed class ApiTests(GatewayFixture gateway, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Streams_api_shows_tracks_bitrates_publisher_and_players_per_transport()
    {
        var clip = await SourceMedia.ClipAsync(10);
        await using var publisher = await BackgroundPublisher.StartAsync(gateway, clip, "live/api");
        using var cts = new CancellationTokenSource();
        var rtmpPlayer = Ffmpeg.RunToolAsync("ffmpeg", $"-nostdin -v error -i {gateway.RtmpUrl("live/api")} -c copy -f null -", TimeSpan.FromSeconds(60), cts.Token);
        var flvPlayer = Ffmpeg.RunToolAsync("ffmpeg", $"-nostdin -v error -i {gateway.FlvUrl("live/api")} -c copy -f null -", TimeSpan.FromSeconds(60), cts.Token);

        JsonElement stream = default;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(20))
        {
            using var doc = JsonDocument.Parse(await Http.GetStringAsync(gateway.HttpUrl("/api/streams")));
            var found = doc.RootElement.GetProperty("streams").EnumerateArray().FirstOrDefault(s => s.GetProperty("key").GetString() == "live/api");
            // Bitrates are averaged over whole seconds, so wait until a few have passed with both players on.
            if (found.ValueKind == JsonValueKind.Object && found.GetProperty("players").GetArrayLength() == 2 && sw.Elapsed > TimeSpan.FromSeconds(7))
            {
                stream = found.Clone();
                break;
            }
            await Task.Delay(250);
        }
        output.WriteLine(stream.ToString());
        Assert.Equal(JsonValueKind.Object, stream.ValueKind);
        Assert.True(stream.GetProperty("live").GetBoolean());
        var publisherInfo = stream.GetProperty("publisher");
        Assert.Equal("rtmp", publisherInfo.GetProperty("protocol").GetString());
        Assert.StartsWith("127.0.0.1:", publisherInfo.GetProperty("address").GetString());
        var tracks = stream.GetProperty("tracks").EnumerateArray().ToDictionary(t => t.GetProperty("kind").GetString()!);
        Assert.Equal("h264", tracks["video"].GetProperty("codec").GetString());
        Assert.Equal(640, tracks["video"].GetProperty("width").GetInt32());
        Assert.Equal(360, tracks["video"].GetProperty("height").GetInt32());
        Assert.Equal("aac", tracks["audio"].GetProperty("codec").GetString());
        Assert.Equal(44100, tracks["audio"].GetProperty("sampleRate").GetInt32());
        Assert.InRange(tracks["video"].GetProperty("bitrate").GetInt64(), 50_000, 20_000_000);
        Assert.InRange(tracks["audio"].GetProperty("bitrate").GetInt64(), 50_000, 200_000); // 96 kbps AAC
        var subscribers = stream.GetProperty("subscribers");
        Assert.Equal(1, subscribers.GetProperty("rtmp").GetInt32());
        Assert.Equal(1, subscribers.GetProperty("http-flv").GetInt32());
        cts.Cancel();
        await Task.WhenAll(rtmpPlayer, flvPlayer);
    }

    [Fact]
    public async Task Matrix_api_serves_all_36_cells_of_the_loaded_file()
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync(gateway.HttpUrl("/api/matrix")));
        var cells = doc.RootElement.GetProperty("cells").EnumerateArray().ToArray();
        Assert.Equal(36, cells.Length);
        var rtmpToWebrtc = cells.Single(c => c.GetProperty("from").GetString() == "rtmp" && c.GetProperty("to").GetString() == "webrtc");
        Assert.Equal("Opus/AAC", rtmpToWebrtc.GetProperty("label").GetString());
        var table = await Http.GetStringAsync(gateway.HttpUrl("/api/matrix/table"));
        Assert.Contains("| rtmp | Opus/AAC | H264/MPEG1 | none | none | maybe | none |", table);
    }

    [Fact]
    public async Task Unknown_stream_gets_not_found_in_each_protocols_terms()
    {
        var rtmp = Ffmpeg.RunAsync($"-v error -i {gateway.RtmpUrl("live/nobody")} -f null -", TimeSpan.FromSeconds(30));
        var flv = Http.GetAsync(gateway.FlvUrl("live/nobody2"));
        var rtmpRun = await rtmp;
        var flvResponse = await flv;
        output.WriteLine(rtmpRun.ToString());
        Assert.NotEqual(0, rtmpRun.ExitCode);
        Assert.Contains("NetStream.Play.StreamNotFound", string.Join('\n', gateway.Logs.Lines.Where(l => l.Contains("nobody"))));
        Assert.Contains("not found", rtmpRun.Stderr);
        Assert.Equal(HttpStatusCode.NotFound, flvResponse.StatusCode);
        Assert.Contains("nobody published it", await flvResponse.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bad_stream_names_get_400_with_a_reason()
    {
        var response = await Http.GetAsync(gateway.HttpUrl("/live/bad%20name.flv"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not allowed", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Environment_and_command_line_override_appsettings()
    {
        Environment.SetEnvironmentVariable("Gateway__Relay__PublishPolicy", "TakeOver");
        Environment.SetEnvironmentVariable("Gateway__Relay__SubscriberQueueFrames", "77");
        try
        {
            var app = GatewayApp.Build(["--Gateway:Relay:SubscriberQueueFrames=99"]);
            var relay = app.Services.GetRequiredService<IOptionsMonitor<RelayOptions>>().CurrentValue;
            Assert.Equal(PublishPolicy.TakeOver, relay.PublishPolicy);            // environment beats appsettings.json (Reject)
            Assert.Equal(99, relay.SubscriberQueueFrames);                       // command line beats environment
            Assert.Equal(TimeSpan.FromSeconds(10), relay.PublisherGracePeriod);   // appsettings.json value
        }
        finally
        {
            Environment.SetEnvironmentVariable("Gateway__Relay__PublishPolicy", null);
            Environment.SetEnvironmentVariable("Gateway__Relay__SubscriberQueueFrames", null);
        }
    }
}
