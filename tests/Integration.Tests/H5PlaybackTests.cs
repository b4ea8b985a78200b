using System.Diagnostics;
using System.Net.WebSockets;
using InteropGateway.Codecs.Containers.MpegTs;
using InteropGateway.Codecs.Media;
using InteropGateway.Tests.Integration.Infrastructure;

namespace InteropGateway.Tests.Integration;

/// <summary>
/// H5 egress with real peers: Chromium plays the gateway's JSMpeg page, and WebSocket viewers get
/// MPEG-TS that ffmpeg decodes, all fed by one shared MPEG-1 branch and one MP2 branch.
/// </summary>
public sealed class H5PlaybackTests(H5GatewayFixture gateway, ITestOutputHelper output) : IClassFixture<H5GatewayFixture>
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Chromium_plays_an_rtmp_stream_on_the_jsmpeg_page_with_a_moving_picture()
    {
        const string key = "live/h5page";
        var clip = await SourceMedia.ClipAsync(20);
        await using var publisher = await BackgroundPublisher.StartAsync(gateway, clip, key);
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync(output.WriteLine);
        var response = await page.GotoAsync(gateway.PlayerPageUrl(key));
        Assert.Equal(200, response!.Status);

        var first = await PageCounter.WaitForAsync(page, "window.h5Stats ? window.h5Stats.decodedFrames : 0", 10, TimeSpan.FromSeconds(15), "window.h5Stats");
        var canvas = page.Locator("#video");
        var shotA = Convert.ToBase64String(await canvas.ScreenshotAsync());
        await Task.Delay(1000);
        var shotB = Convert.ToBase64String(await canvas.ScreenshotAsync());
        var second = await page.EvaluateAsync<int>("() => window.h5Stats.decodedFrames");
        // The browser decodes its own screenshots: the share of pixels that changed, and of pixels that are not black.
        var stats = await page.EvaluateAsync<double[]>(ComparePixelsScript, new[] { shotA, shotB });
        var latency = await page.EvaluateAsync<int?>("() => window.h5Stats.latencyMs");
        output.WriteLine($"decoded {first} then {second} pictures a second later; changed {stats[0]:P1}, not black {stats[1]:P1}; latency in player {latency} ms");

        Assert.True(second - first >= 15, $"JSMpeg decoded only {second - first} pictures in a second");
        Assert.True(stats[0] > 0.01, $"the picture did not change: {stats[0]:P2} of pixels differ");
        Assert.True(stats[1] > 0.2, $"the picture is (nearly) black: {stats[1]:P2} of pixels are lit");
        Assert.Contains(gateway.Router.Branches, b => b.Key.Source.Key.ToString() == key && b.Key.To == CodecId.Mpeg1Video);
    }

    [Fact]
    public async Task Fifty_websocket_viewers_cost_one_mpeg1_encoder_and_each_starts_on_an_i_picture()
    {
        const string key = "live/h5fifty";
        const int viewers = 50;
        var clip = await SourceMedia.ClipAsync(20);
        await using var publisher = await BackgroundPublisher.StartAsync(gateway, clip, key);
        var createdBefore = gateway.Transcoders.Created;
        var dir = Directory.CreateTempSubdirectory("gw-h5ws").FullName;

        var sessions = Enumerable.Range(0, viewers).Select(i => WatchAsync(gateway.WebSocketUrl(key), TimeSpan.FromSeconds(4), i == 0)).ToList();
        var results = await Task.WhenAll(sessions);

        var branches = gateway.Router.Branches.Where(b => b.Key.Source.Key.ToString() == key).ToList();
        output.WriteLine(string.Join('\n', branches.Select(b => $"{b.Key.From.Name()}->{b.Key.To.Name()} viewers {b.Subscribers}")));
        Assert.Equal(2, gateway.Transcoders.Created - createdBefore); // one MPEG-1 encoder, one MP2 encoder, for fifty viewers
        Assert.Single(branches, b => b.Key.To == CodecId.Mpeg1Video);
        Assert.Single(branches, b => b.Key.To == CodecId.Mp2);
        foreach (var result in results)
        {
            Assert.True(result.FirstPictureType == Mpeg1PictureType.Intra, $"a viewer started on picture type {result.FirstPictureType}");
            Assert.True(result.Pictures >= 60, $"a viewer got only {result.Pictures} pictures in 4 s");
            Assert.True(result.AudioPes > 0);
        }
        output.WriteLine($"first message after {results.Max(r => r.FirstMessage.TotalMilliseconds):F0} ms at worst; pictures per viewer {results.Min(r => r.Pictures)}..{results.Max(r => r.Pictures)}");
        Assert.True(results.Max(r => r.FirstMessage) < TimeSpan.FromSeconds(1.5));

        // What a viewer got is valid TS by ffmpeg's judgement too.
        var file = Path.Combine(dir, "viewer.ts");
        await File.WriteAllBytesAsync(file, results[0].Bytes!);
        var decode = await Ffmpeg.RunAsync($"-v error -i {file} -f null -", ToolTimeout);
        Assert.True(decode.ExitCode == 0 && decode.Stderr.Trim().Length == 0, $"viewer TS does not decode cleanly: {decode}");
        var probe = await Ffmpeg.ProbeAsync($"-v error -show_entries stream=codec_name,width,height -of compact {file}", ToolTimeout);
        output.WriteLine(probe.Stdout);
        Assert.Contains("codec_name=mpeg1video|width=640|height=360", probe.Stdout);
        Assert.Contains("codec_name=mp2", probe.Stdout);
    }

    [Fact]
    public async Task A_websocket_viewer_of_an_unpublished_stream_gets_404_with_the_reason()
    {
        using var socket = new ClientWebSocket();
        var failure = await Assert.ThrowsAnyAsync<WebSocketException>(() => socket.ConnectAsync(new Uri(gateway.WebSocketUrl("live/nobody")), CancellationToken.None));
        output.WriteLine(failure.Message);
        Assert.Contains("404", failure.Message);
    }

    private sealed record ViewerResult(TimeSpan FirstMessage, int FirstPictureType, int Pictures, int AudioPes, byte[]? Bytes);

    /// <summary>One JSMpeg-like viewer: reads binary messages for <paramref name="duration"/> and demuxes them.</summary>
    private static async Task<ViewerResult> WatchAsync(string url, TimeSpan duration, bool keepBytes)
    {
        using var socket = new ClientWebSocket();
        var clock = Stopwatch.StartNew();
        await socket.ConnectAsync(new Uri(url), CancellationToken.None);
        var counter = new PesCounter();
        var demuxer = new TsDemuxer(counter);
        var kept = keepBytes ? new MemoryStream() : null;
        var buffer = new byte[256 * 1024];
        TimeSpan? firstMessage = null;
        using var stop = new CancellationTokenSource(duration);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                    break;
                Assert.Equal(WebSocketMessageType.Binary, result.MessageType);
                firstMessage ??= clock.Elapsed;
                demuxer.Push(buffer.AsSpan(0, result.Count));
                kept?.Write(buffer, 0, result.Count);
            }
        }
        catch (OperationCanceledException)
        {
        }
        socket.Abort();
        return new ViewerResult(firstMessage ?? TimeSpan.MaxValue, counter.FirstPictureType, counter.Pictures, counter.AudioPes, kept?.ToArray());
    }

    private sealed class PesCounter : ITsDemuxHandler
    {
        public int FirstPictureType = -1;
        public int Pictures;
        public int AudioPes;

        public void OnPes(in TsPesPacket pes)
        {
            if (pes.Codec == CodecId.Mpeg1Video)
            {
                if (FirstPictureType < 0)
                    FirstPictureType = Mpeg1PictureType.Find(pes.Payload);
                Pictures++;
            }
            else if (pes.Codec == CodecId.Mp2)
            {
                AudioPes++;
            }
        }
    }

    private const string ComparePixelsScript = """
        async ([a, b]) => {
          const load = src => new Promise((ok, fail) => { const i = new Image(); i.onload = () => ok(i); i.onerror = fail; i.src = 'data:image/png;base64,' + src; });
          const pixels = img => { const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
            const g = c.getContext('2d'); g.drawImage(img, 0, 0); return g.getImageData(0, 0, c.width, c.height).data; };
          const pa = pixels(await load(a)), pb = pixels(await load(b));
          let changed = 0, lit = 0;
          const n = pa.length / 4;
          for (let i = 0; i < pa.length; i += 4) {
            if (Math.abs(pa[i] - pb[i]) + Math.abs(pa[i + 1] - pb[i + 1]) + Math.abs(pa[i + 2] - pb[i + 2]) > 30) changed++;
            if (pa[i] + pa[i + 1] + pa[i + 2] > 60) lit++;
          }
          return [changed / n, lit / n];
        }
        """;
}
