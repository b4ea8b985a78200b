using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using InteropGateway.Core.Relay;
using InteropGateway.Tests.Integration.Infrastructure;

namespace InteropGateway.Tests.Integration;

/// <summary>
/// SRT caller routes across a link loss mid-stream, with real peers killed outright (SIGKILL, no
/// SRT shutdown: the gateway learns of it only from the silence): a push route reconnects with
/// backoff to the restarted srt-live-transmit listener and resumes on a keyframe; a pull route
/// reconnects to the restarted source and publishes again within the grace period, so an RTMP player
/// attached throughout goes on receiving, its timestamps never going back.
/// </summary>
public sealed class SrtRouteReconnectTests(GatewayFixture gateway, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);
    /// <summary>libsrt's peer idle timeout (5 s) to notice the loss, the 0.5 s first retry, a handshake, and slack for 2 busy cores.</summary>
    private static readonly TimeSpan ReconnectLimit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_push_route_reconnects_with_backoff_after_its_listener_dies_and_the_new_listener_gets_a_stream_starting_on_a_keyframe()
    {
        var clip = await SourceMedia.ClipAsync(12);
        const string key = "live/pushlost";
        var listenPort = FreePort.Next();
        var folder = Directory.CreateTempSubdirectory("gw-srt-push-lost").FullName;
        var (firstFile, secondFile) = (Path.Combine(folder, "first.ts"), Path.Combine(folder, "second.ts"));
        await using var peers = new Peers();
        using var http = new HttpClient();
        string? id = await AddRouteAsync(http, "push", key, $"srt://127.0.0.1:{listenPort}?streamid=ingest1&latency=200");
        await using var states = RouteStates.Watch(http, gateway.HttpUrl("/api/srt/routes"), id);
        try
        {
            var firstListener = peers.Start(stop => ListenToFileAsync(listenPort, firstFile, stop));
            await Task.Delay(300); // srt-live-transmit binds its port
            var publisher = peers.Start(stop => SourceMedia.PublishAsync(clip, gateway.RtmpUrl(key), stop));
            await states.WaitForAsync(s => s.State == "Streaming", TimeSpan.FromSeconds(10), "the first connection");
            await Task.Delay(2500); // a few GOPs cross the first link

            var killedAt = Stopwatch.StartNew();
            var retriesBefore = states.Latest.Retries;
            var logsBefore = gateway.Logs.Lines.Count;
            var first = await peers.KillAsync(firstListener);
            var secondListener = peers.Start(stop => ListenToFileAsync(listenPort, secondFile, stop));
            output.WriteLine($"first listener killed: {first.Stderr.Trim()}");

            var retry = await WaitForLogAfterAsync(logsBefore, ReconnectLimit, $"SRT push of {key} to srt://127.0.0.1:{listenPort}", "failed:", "; retry ");
            Assert.True(retry is not null, "no retry logged after the listener was killed:\n" + RouteLog(key));
            output.WriteLine($"{killedAt.Elapsed.TotalSeconds:F1} s after the kill: {retry}");
            Assert.Matches(@"failed: .+; retry \d+ in 0\.5 s", retry);
            var resumed = await states.WaitForAsync(s => s.State == "Streaming" && s.Retries > retriesBefore, ReconnectLimit, "the reconnection");
            var reconnectSeconds = killedAt.Elapsed.TotalSeconds;
            output.WriteLine($"streaming again {reconnectSeconds:F1} s after the kill; retries {retriesBefore} -> {resumed.Retries}; last error: {resumed.LastError}");
            output.WriteLine("states: " + states);
            // Streaming -> (Retrying, Connecting, ...) -> Streaming, with something in between.
            var seen = states.History.Select(s => s.State).ToList();
            var firstStreaming = seen.IndexOf("Streaming");
            var lastStreaming = seen.LastIndexOf("Streaming");
            Assert.True(firstStreaming >= 0 && lastStreaming > firstStreaming + 1, "states: " + states);
            Assert.Contains("Retrying", seen[firstStreaming..lastStreaming]);
            Assert.All(seen[(firstStreaming + 1)..lastStreaming], s => Assert.True(s is "Retrying" or "Connecting", "states: " + states));

            Assert.Equal(0, (await publisher).ExitCode);
            // Removed at once: the route sends the TS it has muxed and lets the listener play it out before closing.
            Assert.Equal(System.Net.HttpStatusCode.NoContent, (await http.DeleteAsync(gateway.HttpUrl($"/api/srt/routes/{id}"))).StatusCode);
            id = null;
            var second = await secondListener;
            Assert.True(second.ExitCode == 0 && !second.TimedOut, $"the second srt-live-transmit did not end with the link: {second}");

            Assert.True(new FileInfo(firstFile).Length > 100_000, $"the first listener got {new FileInfo(firstFile).Length} bytes");
            var probed = await Ffmpeg.ProbeAsync($"-v error -show_entries stream=codec_name -of compact {secondFile}", ToolTimeout);
            Assert.Contains("codec_name=h264", probed.Stdout);
            Assert.Contains("codec_name=aac", probed.Stdout);
            AssertDecodedCleanly(await Ffmpeg.RunAsync($"-v error -i {secondFile} -f null -", ToolTimeout), "decoding what the second listener received");
            var videoFlags = (await Ffmpeg.ProbeAsync($"-v error -select_streams v -show_entries packet=flags -of csv=p=0 {secondFile}", ToolTimeout))
                .Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            output.WriteLine($"video packets received by the second listener: {videoFlags.Length}, first flags {videoFlags.FirstOrDefault()}");
            Assert.StartsWith("K", videoFlags.FirstOrDefault() ?? "");
            Assert.True(videoFlags.Length >= 50, $"only {videoFlags.Length} video packets reached the second listener");
        }
        finally
        {
            if (id is not null)
                await http.DeleteAsync(gateway.HttpUrl($"/api/srt/routes/{id}"));
        }
    }

    [Fact]
    public async Task A_pull_route_reconnects_after_its_source_dies_and_republishes_within_the_grace_period_so_an_attached_rtmp_player_goes_on()
    {
        var clip = await SourceMedia.ClipAsync(12);
        const string key = "live/pulllost";
        var listenPort = FreePort.Next();
        await using var peers = new Peers();
        using var http = new HttpClient();
        var firstSource = StartSource(peers, clip, listenPort);
        await Task.Delay(300); // srt-live-transmit binds its port
        var id = await AddRouteAsync(http, "pull", key, $"srt://127.0.0.1:{listenPort}");
        try
        {
            var stream = await gateway.WaitForLiveAsync(key);
            var firstPublisher = stream.Publisher!;
            // Raw demuxed packets (no decoding, no ffmpeg timestamp fix-ups): exits by itself after
            // about 7 s of media, which it can only get if the stream goes on after the restart.
            var attachedPlayer = peers.Start(stop => Ffmpeg.RunToolAsync("ffprobe",
                $"-v error -read_intervals %+#{AttachedPlayerPackets} -show_entries packet=codec_type,dts,flags -of csv=p=0 {gateway.RtmpUrl(key)}", ToolTimeout, stop));
            await gateway.WaitForPlayersAsync(key, 1);
            var player = stream.Subscribers.Single();
            await Task.Delay(2000);

            var routeBefore = await RouteAsync(http, id);
            var logsBefore = gateway.Logs.Lines.Count;
            var killedAt = Stopwatch.StartNew();
            foreach (var run in firstSource)
                await peers.KillAsync(run);
            await Task.Delay(1000); // the source is down for a while, as after a crash
            StartSource(peers, clip, listenPort);

            var retry = await WaitForLogAfterAsync(logsBefore, ReconnectLimit, $"SRT pull of {key} from srt://127.0.0.1:{listenPort}", "failed:", "; retry ");
            Assert.True(retry is not null, "no retry logged after the source was killed:\n" + RouteLog(key));
            output.WriteLine($"{killedAt.Elapsed.TotalSeconds:F1} s after the kill: {retry}");
            var lostAfter = killedAt.Elapsed;
            var republished = await WaitForNewPublisherAsync(key, firstPublisher, ReconnectLimit);
            var republishSeconds = killedAt.Elapsed.TotalSeconds;
            var deliveredAtRestart = player.FramesDelivered;
            output.WriteLine($"published again {republishSeconds:F1} s after the kill ({(killedAt.Elapsed - lostAfter).TotalSeconds:F1} s after the loss was noticed) by {republished.Publisher}");
            Assert.Same(stream, republished); // within the grace period: the same stream, not a new one
            Assert.Equal("srt-pull", republished.Publisher!.Transport);
            Assert.Contains(player, republished.Subscribers);
            var route = await RouteAsync(http, id);
            output.WriteLine(route.ToString());
            Assert.Equal("Streaming", route.GetProperty("state").GetString());
            Assert.True(route.GetProperty("retries").GetInt32() > routeBefore.GetProperty("retries").GetInt32(), $"before: {routeBefore}");

            var newPlayer = await Ffmpeg.RunAsync($"-v error -i {gateway.RtmpUrl(key)} -t 3 -map 0:v -map 0:a -f null -", ToolTimeout);
            AssertDecodedCleanly(newPlayer, "an RTMP player after the restart");

            var attached = await attachedPlayer;
            Assert.True(attached.ExitCode == 0 && !attached.TimedOut, $"the attached RTMP player did not get its packets: {attached}");
            var packets = attached.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(',')).ToList();
            output.WriteLine($"attached player: {packets.Count} packets; {deliveredAtRestart} frames delivered when the new publisher came, {player.FramesDelivered} now");
            Assert.True(packets.Count > deliveredAtRestart + 50, $"the attached player got {packets.Count} packets, only {packets.Count - deliveredAtRestart} after the restart");
            Assert.True(player.FramesDelivered > deliveredAtRestart + 50);
            foreach (var kind in new[] { "video", "audio" })
            {
                var dts = packets.Where(p => p[0] == kind).Select(p => long.Parse(p[1], CultureInfo.InvariantCulture)).ToList();
                var steps = dts.Zip(dts.Skip(1), (a, b) => b - a).ToList();
                output.WriteLine($"attached player {kind}: {dts.Count} packets, dts {dts.FirstOrDefault()}..{dts.LastOrDefault()} ms, largest step {steps.DefaultIfEmpty().Max()} ms");
                Assert.True(steps.All(step => step > 0), $"{kind} DTS went backwards or repeated: {string.Join(' ', steps.Where(s => s <= 0))}");
            }
        }
        finally
        {
            await http.DeleteAsync(gateway.HttpUrl($"/api/srt/routes/{id}"));
        }
    }

    /// <summary>About 7 s of the clip (25 video + 43 audio packets a second): past the restart, short of the test's end.</summary>
    private const int AttachedPlayerPackets = 480;

    /// <summary>An srt-live-transmit listener fed over UDP by ffmpeg sending the clip in real time, as a remote encoder's output.</summary>
    private static Task<ToolRun>[] StartSource(Peers peers, string clip, int listenPort)
    {
        var udpPort = FreePort.Next();
        var transmit = peers.Start(stop => Ffmpeg.RunToolAsync("srt-live-transmit", $"-q udp://127.0.0.1:{udpPort} \"srt://:{listenPort}?mode=listener\"", ToolTimeout, stop));
        var encoder = peers.Start(stop => Ffmpeg.RunAsync($"-v error -re -i {clip} -c copy -f mpegts udp://127.0.0.1:{udpPort}?pkt_size=1316", ToolTimeout, stop));
        return [transmit, encoder];
    }

    /// <summary>
    /// srt-live-transmit as a listener writing what it receives to <paramref name="file"/> (it writes
    /// files only as file://con, so a shell redirects it; exec so that killing it kills the listener);
    /// -a:no makes it exit, flushing the file, when the link closes.
    /// </summary>
    private static Task<ToolRun> ListenToFileAsync(int port, string file, CancellationToken stop) =>
        Ffmpeg.RunToolAsync("bash", $"-c \"exec srt-live-transmit -q -a:no 'srt://:{port}?mode=listener' file://con > {file}\"", ToolTimeout, stop);

    private async Task<string> AddRouteAsync(HttpClient http, string direction, string stream, string url)
    {
        var created = await http.PostAsJsonAsync(gateway.HttpUrl("/api/srt/routes"), new { direction, stream, url });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> RouteAsync(HttpClient http, string id) =>
        (await http.GetFromJsonAsync<JsonElement>(gateway.HttpUrl("/api/srt/routes"))).EnumerateArray().Single(r => r.GetProperty("id").GetString() == id);

    /// <summary>Waits (bounded) for a log line with every fragment among those logged after the first <paramref name="skip"/>.</summary>
    private async Task<string?> WaitForLogAfterAsync(int skip, TimeSpan limit, params string[] fragments)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < limit)
        {
            var line = gateway.Logs.Lines.Skip(skip).FirstOrDefault(l => fragments.All(f => l.Contains(f, StringComparison.Ordinal)));
            if (line is not null)
                return line;
            await Task.Delay(50);
        }
        return null;
    }

    private async Task<LiveStream> WaitForNewPublisherAsync(string key, Core.Sessions.SessionInfo previous, TimeSpan limit)
    {
        var streamKey = new StreamKey(key.Split('/')[0], key.Split('/')[1]);
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < limit)
        {
            if (gateway.Hub.Find(streamKey) is { IsLive: true, GopCacheFrames: > 0 } stream && !ReferenceEquals(stream.Publisher, previous))
                return stream;
            await Task.Delay(50);
        }
        throw new TimeoutException($"{key} was not published again within {limit.TotalSeconds} s:\n{RouteLog(key)}");
    }

    private string RouteLog(string key) =>
        string.Join('\n', gateway.Logs.Lines.Where(l => l.Contains(key, StringComparison.Ordinal) || l.Contains("libsrt", StringComparison.Ordinal)).TakeLast(30));

    private static void AssertDecodedCleanly(ToolRun run, string who)
    {
        Assert.True(run.ExitCode == 0 && !run.TimedOut, $"{who} failed: {run}");
        Assert.True(run.Stderr.Trim().Length == 0, $"{who} printed errors: {run.Stderr}");
    }

    /// <summary>The processes a test starts; each killed on its own, and whatever still runs killed when the test ends, passed or failed.</summary>
    private sealed class Peers : IAsyncDisposable
    {
        private readonly List<(CancellationTokenSource Stop, Task<ToolRun> Run)> _runs = [];

        public Task<ToolRun> Start(Func<CancellationToken, Task<ToolRun>> start)
        {
            var stop = new CancellationTokenSource();
            var run = start(stop.Token);
            _runs.Add((stop, run));
            return run;
        }

        /// <summary>SIGKILL (the runner kills on cancellation): the peer vanishes without an SRT shutdown, like a lost link.</summary>
        public async Task<ToolRun> KillAsync(Task<ToolRun> run)
        {
            _runs.Single(r => r.Run == run).Stop.Cancel();
            return await run;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var (stop, _) in _runs)
                stop.Cancel();
            await Task.WhenAll(_runs.Select(r => r.Run));
            foreach (var (stop, _) in _runs)
                stop.Dispose();
        }
    }

    /// <summary>A route's state and retries as GET /api/srt/routes reports them, polled every 50 ms; each change kept.</summary>
    private sealed class RouteStates : IAsyncDisposable
    {
        private static readonly TimeSpan PollLimit = TimeSpan.FromSeconds(60);
        private readonly CancellationTokenSource _stop = new();
        private readonly List<(TimeSpan At, RouteState State)> _history = [];
        private Task _polling = Task.CompletedTask;

        public static RouteStates Watch(HttpClient http, string url, string id)
        {
            var states = new RouteStates();
            states._polling = states.PollAsync(http, url, id);
            return states;
        }

        public IReadOnlyList<RouteState> History { get { lock (_history) return _history.Select(h => h.State).ToList(); } }
        public RouteState Latest { get { lock (_history) return _history.Count > 0 ? _history[^1].State : new RouteState("", 0, null); } }

        public async Task<RouteState> WaitForAsync(Func<RouteState, bool> reached, TimeSpan limit, string what)
        {
            var sw = Stopwatch.StartNew();
            while (sw.Elapsed < limit)
            {
                if (Latest is var latest && reached(latest))
                    return latest;
                await Task.Delay(50);
            }
            throw new TimeoutException($"route states did not reach {what} within {limit.TotalSeconds} s: {this}");
        }

        private async Task PollAsync(HttpClient http, string url, string id)
        {
            var sw = Stopwatch.StartNew();
            while (!_stop.IsCancellationRequested && sw.Elapsed < PollLimit)
            {
                try
                {
                    var routes = await http.GetFromJsonAsync<JsonElement>(url, _stop.Token);
                    if (routes.EnumerateArray().FirstOrDefault(r => r.GetProperty("id").GetString() == id) is { ValueKind: JsonValueKind.Object } route)
                    {
                        var state = new RouteState(route.GetProperty("state").GetString()!, route.GetProperty("retries").GetInt32(), route.GetProperty("lastError").GetString());
                        lock (_history)
                            if (_history.Count == 0 || _history[^1].State != state)
                                _history.Add((sw.Elapsed, state));
                    }
                    await Task.Delay(50, _stop.Token);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                }
            }
        }

        public override string ToString()
        {
            lock (_history)
                return string.Join(" -> ", _history.Select(h => $"{h.State.State}(retries {h.State.Retries}) at {h.At.TotalSeconds:F1} s"));
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            await _polling;
            _stop.Dispose();
        }
    }

    private sealed record RouteState(string State, int Retries, string? LastError);
}
