using System.Diagnostics;
using InteropGateway.Codecs.Media;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Routing;
using InteropGateway.Core.Sessions;
using InteropGateway.Matrix;
using InteropGateway.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace InteropGateway.Tests.Integration;

/// <summary>
/// The gateway with MPEG-TS over UDP routes on loopback: three inputs (two unicast, one multicast)
/// and three outputs (unicast and multicast for an RTMP-published stream, unicast for an in-process
/// WebRTC-style stream). Inputs end 1 s after the last datagram, streams 1 s after their publisher.
/// </summary>
public sealed class UdpGatewayFixture : GatewayFixture
{
    public const string H264AacIn = "live/udp-h264-aac";
    public const string H264OpusIn = "live/udp-h264-opus";
    public const string Mpeg1In = "live/udp-mpeg1";
    public const string RtmpOut = "live/to-udp";
    public const string WebRtcOut = "live/webrtc-to-udp";

    public UdpGatewayFixture()
    {
        (MulticastReady, MulticastReason) = LoopbackMulticast.Ensure();
    }

    public bool MulticastReady { get; }
    public string MulticastReason { get; }
    public int H264AacPort { get; } = FreePort.Next();
    public int H264OpusPort { get; } = FreePort.Next();
    public int Mpeg1Port { get; } = FreePort.Next();
    public int RtmpOutPort { get; } = FreePort.Next();
    public int RtmpOutMulticastPort { get; } = FreePort.Next();
    public int WebRtcOutPort { get; } = FreePort.Next();
    public string Mpeg1Group => "239.255.42.1";
    public string OutGroup => "239.255.42.2";
    public MediaRouter Router => App.Services.GetRequiredService<MediaRouter>();

    protected override IEnumerable<string> ExtraSettings()
    {
        List<string> settings =
        [
            "--Gateway:Relay:PublisherGracePeriod=00:00:01",
            "--Gateway:Relay:BranchLinger=00:00:01",
            "--Gateway:Udp:InputIdleTimeout=00:00:01",
            $"--Gateway:Udp:Inputs:0:Stream={H264AacIn}",
            $"--Gateway:Udp:Inputs:0:Url=udp://127.0.0.1:{H264AacPort}",
            $"--Gateway:Udp:Inputs:1:Stream={H264OpusIn}",
            $"--Gateway:Udp:Inputs:1:Url=udp://127.0.0.1:{H264OpusPort}",
            $"--Gateway:Udp:Outputs:0:Stream={RtmpOut}",
            $"--Gateway:Udp:Outputs:0:Url=udp://127.0.0.1:{RtmpOutPort}",
            $"--Gateway:Udp:Outputs:1:Stream={WebRtcOut}",
            $"--Gateway:Udp:Outputs:1:Url=udp://127.0.0.1:{WebRtcOutPort}",
        ];
        if (MulticastReady)
        {
            settings.Add($"--Gateway:Udp:Inputs:2:Stream={Mpeg1In}");
            settings.Add($"--Gateway:Udp:Inputs:2:Url=udp://{Mpeg1Group}:{Mpeg1Port}?interface=127.0.0.1");
            settings.Add($"--Gateway:Udp:Outputs:2:Stream={RtmpOut}");
            settings.Add($"--Gateway:Udp:Outputs:2:Url=udp://{OutGroup}:{RtmpOutMulticastPort}?ttl=1&interface=127.0.0.1");
        }
        return settings;
    }

    public IReadOnlyList<string> BranchesOf(string key) =>
        Router.Branches.Where(b => b.Key.Source.Key.ToString() == key).Select(b => $"{b.Key.From.Name()}->{b.Key.To.Name()}").Order().ToList();
}

/// <summary>
/// MPEG-TS over UDP with real peers: ffmpeg sends TS datagrams to the gateway's inputs and RTMP
/// players get the stream (byte-identical when nothing needs converting, through branches when
/// RTMP can't carry the codec); streams published by RTMP or in process go out as TS datagrams that
/// an ffmpeg UDP receiver decodes.
/// </summary>
public sealed class UdpTsTests(UdpGatewayFixture gateway, ITestOutputHelper output) : IClassFixture<UdpGatewayFixture>
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(40);

    private static string DecodeArgs(string url) => $"-v error -i {url} -map 0:v -map 0:a -f null -";

    [Fact]
    public async Task H264_aac_ts_sent_to_a_udp_input_reaches_an_rtmp_player_byte_identical()
    {
        var clip = await SourceMedia.ClipAsync(5);
        var dir = Directory.CreateTempSubdirectory("gw-udp-in").FullName;
        var expected = FrameMd5Line.Parse((await Ffmpeg.RunAsync($"-v error -i {clip} -map 0:v -map 0:a -c copy -f framemd5 -", ToolTimeout)).Stdout);
        var player = Ffmpeg.RunAsync($"-v error -i {gateway.RtmpUrl(UdpGatewayFixture.H264AacIn)} -map 0:v -map 0:a -c copy -f framemd5 {dir}/rtmp.md5 " +
            "-map 0:v -map 0:a -f null -", ToolTimeout);
        await gateway.WaitForPlayersAsync(UdpGatewayFixture.H264AacIn, 1);

        var send = await Ffmpeg.RunAsync($"-v error -re -i {clip} -c copy -f mpegts udp://127.0.0.1:{gateway.H264AacPort}?pkt_size=1316", ToolTimeout);
        Assert.True(send.ExitCode == 0, $"ffmpeg UDP sender failed: {send}");

        var played = await player;
        output.WriteLine(played.ToString());
        Assert.True(played.ExitCode == 0 && !played.TimedOut && played.Stderr.Trim().Length == 0, $"RTMP player did not decode cleanly: {played}");
        var received = FrameMd5Line.Parse(await File.ReadAllTextAsync($"{dir}/rtmp.md5"));
        foreach (var stream in new[] { 0, 1 })
        {
            var want = expected.Where(l => l.Stream == stream).Select(l => (l.Size, l.Hash)).ToList();
            var got = received.Where(l => l.Stream == stream).Select(l => (l.Size, l.Hash)).ToList();
            Assert.True(want.Count > 100, $"the source has only {want.Count} packets on stream {stream}");
            Assert.Equal(want, got);
        }
        var ended = await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(5), $"UDP input {UdpGatewayFixture.H264AacIn}", "ended: idle");
        output.WriteLine(ended);
        Assert.NotNull(ended);
        Assert.Contains("(0 bad)", ended);
        Assert.Contains(" 0 continuity errors", ended);
        Assert.Empty(gateway.BranchesOf(UdpGatewayFixture.H264AacIn));
    }

    [Fact]
    public async Task H264_opus_ts_plays_over_rtmp_as_h264_and_aac_through_an_audio_branch()
    {
        var (played, branches) = await SendAndPlayAsync(UdpGatewayFixture.H264OpusIn,
            "-c:v libx264 -preset veryfast -g 50 -pix_fmt yuv420p -c:a libopus -b:a 64k",
            $"udp://127.0.0.1:{gateway.H264OpusPort}?pkt_size=1316");
        Assert.Contains("codec_name=h264", played);
        Assert.Contains("codec_name=aac", played);
        Assert.Equal(["opus->aac"], branches);
    }

    [Fact]
    public async Task Mpeg1_mp2_ts_sent_to_a_multicast_input_plays_over_rtmp_as_h264_and_aac()
    {
        if (!gateway.MulticastReady)
        {
            output.WriteLine($"NOT RUN: loopback multicast unavailable: {gateway.MulticastReason}");
            return;
        }
        var (played, branches) = await SendAndPlayAsync(UdpGatewayFixture.Mpeg1In,
            "-c:v mpeg1video -b:v 1000k -g 25 -c:a mp2 -b:a 128k",
            $"udp://{gateway.Mpeg1Group}:{gateway.Mpeg1Port}?localaddr=127.0.0.1&ttl=1&pkt_size=1316");
        Assert.Contains("codec_name=h264", played);
        Assert.Contains("codec_name=aac", played);
        Assert.Equal(["mp2->aac", "mpeg1->h264"], branches);
    }

    [Fact]
    public async Task An_rtmp_published_stream_goes_out_to_unicast_and_multicast_udp_as_h264_and_aac_without_conversion()
    {
        var clip = await SourceMedia.ClipAsync(5);
        var dir = Directory.CreateTempSubdirectory("gw-udp-out").FullName;
        var receivers = new List<(string Name, Task<ToolRun> Run, string Copy)>
        {
            ("unicast", Ffmpeg.RunAsync(ReceiveArgs($"udp://127.0.0.1:{gateway.RtmpOutPort}", $"{dir}/unicast.ts"), ToolTimeout), $"{dir}/unicast.ts"),
        };
        if (gateway.MulticastReady)
            receivers.Add(("multicast", Ffmpeg.RunAsync(ReceiveArgs($"udp://{gateway.OutGroup}:{gateway.RtmpOutMulticastPort}?localaddr=127.0.0.1", $"{dir}/multicast.ts"), ToolTimeout),
                $"{dir}/multicast.ts"));
        else
            output.WriteLine($"multicast output NOT RUN: loopback multicast unavailable: {gateway.MulticastReason}");
        await Task.Delay(500); // receivers bound before the first datagram

        var publish = SourceMedia.PublishAsync(clip, gateway.RtmpUrl(UdpGatewayFixture.RtmpOut));
        var stream = await gateway.WaitForLiveAsync(UdpGatewayFixture.RtmpOut);
        await Task.Delay(1000);
        Assert.Equal(gateway.MulticastReady ? 2 : 1, stream.Subscribers.Count(s => s.Info.Protocol == Protocols.Udp && s.Info.Transport == "udp"));
        Assert.Empty(gateway.BranchesOf(UdpGatewayFixture.RtmpOut));
        var published = await publish;
        Assert.True(published.ExitCode == 0, published.ToString());

        foreach (var (name, run, copy) in receivers)
        {
            var result = await run;
            output.WriteLine($"{name}: {result}");
            Assert.True(result.ExitCode == 0 && !result.TimedOut && result.Stderr.Trim().Length == 0, $"{name} UDP receiver did not decode cleanly: {result}");
            Assert.Equal(["h264", "aac"], await CodecsAsync(copy));
        }
        var stopped = await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(5), $"UDP output {UdpGatewayFixture.RtmpOut}", "stopped: stream ended");
        output.WriteLine(stopped);
        Assert.NotNull(stopped);
    }

    [Fact]
    public async Task An_in_process_h264_opus_publication_from_webrtc_goes_out_over_udp_as_h264_and_opus_without_conversion()
    {
        const int seconds = 4;
        var clip = await SourceMedia.WebRtcClipAsync(seconds);
        var (opusHead, opusPackets) = await OggOpusPackets.MakeAsync(seconds);
        var copy = Path.Combine(Directory.CreateTempSubdirectory("gw-udp-webrtc").FullName, "received.ts");
        var receiver = Ffmpeg.RunAsync(ReceiveArgs($"udp://127.0.0.1:{gateway.WebRtcOutPort}", copy), ToolTimeout);
        await Task.Delay(500); // the receiver bound before the first datagram

        var key = new StreamKey("live", "webrtc-to-udp");
        Assert.True(gateway.Hub.TryPublish(key, new SessionInfo(Protocols.WebRtc, null, SessionInfo.NewId()) { Transport = "whip" }, out var publication, out var error), error);
        var opusTrack = new TrackConfig(MediaKind.Audio, CodecId.Opus, opusHead) { SampleRate = 48_000, Channels = opusHead[9] };
        var nextOpus = 0;
        await foreach (var frame in FlvClip.ReadFramesAsync(clip))
        {
            if (frame.Codec != CodecId.H264)
            {
                frame.Release(); // the clip's AAC: a WebRTC publisher sends Opus instead
                continue;
            }
            for (; nextOpus < opusPackets.Count && nextOpus * 1800L <= frame.Dts; nextOpus++)
                publication.Publish(MediaFrame.Copy(opusTrack, opusPackets[nextOpus], nextOpus * 1800L, nextOpus * 1800L, true));
            publication.Publish(frame);
        }
        Assert.Empty(gateway.BranchesOf("live/webrtc-to-udp"));
        publication.End("publisher finished");

        var decoded = await receiver;
        output.WriteLine(decoded.ToString());
        Assert.True(decoded.ExitCode == 0 && !decoded.TimedOut && decoded.Stderr.Trim().Length == 0, $"UDP receiver did not decode cleanly: {decoded}");
        Assert.Equal(["h264", "opus"], await CodecsAsync(copy));
    }

    /// <summary>
    /// Starts an RTMP player and a probe of <paramref name="key"/>, has ffmpeg encode 4 s of test
    /// pattern and tone with <paramref name="codecs"/> in real time to <paramref name="udpUrl"/>,
    /// and checks the player decoded everything cleanly; returns what the probe saw.
    /// </summary>
    /// <returns>What ffprobe saw of the RTMP stream, and every branch the stream had while it played.</returns>
    private async Task<(string Probed, IReadOnlyList<string> Branches)> SendAndPlayAsync(string key, string codecs, string udpUrl)
    {
        var player = Ffmpeg.RunAsync(DecodeArgs(gateway.RtmpUrl(key)), ToolTimeout);
        await gateway.WaitForPlayersAsync(key, 1);
        var probe = Ffmpeg.ProbeAsync($"-v error -show_entries stream=codec_name,width,height,sample_rate -of compact {gateway.RtmpUrl(key)}", ToolTimeout);
        await gateway.WaitForPlayersAsync(key, 2);

        var sending = Ffmpeg.RunAsync("-v error -re -f lavfi -i testsrc2=size=640x360:rate=25 -f lavfi -i sine=frequency=440:sample_rate=48000 " +
            $"-t 4 {codecs} -f mpegts {udpUrl}", ToolTimeout);
        // The branches while the stream plays: once the input idles out, the stream ends and its
        // branches go with it, so a look afterwards races the end (CI once found none left).
        var branches = new SortedSet<string>(StringComparer.Ordinal);
        while (!sending.IsCompleted)
        {
            branches.UnionWith(gateway.BranchesOf(key));
            await Task.WhenAny(sending, Task.Delay(100));
        }
        var send = await sending;
        Assert.True(send.ExitCode == 0, $"ffmpeg UDP sender failed: {send}");
        var played = await player;
        output.WriteLine($"player: {played}");
        Assert.True(played.ExitCode == 0 && !played.TimedOut && played.Stderr.Trim().Length == 0, $"RTMP player did not decode cleanly: {played}");
        var probed = await probe;
        output.WriteLine($"probe: {probed}");
        var ended = await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(5), $"UDP input {key}", "ended: idle");
        output.WriteLine(ended);
        Assert.Contains(" 0 continuity errors", ended);
        return (probed.Stdout, branches.ToList());
    }

    /// <summary>
    /// An ffmpeg UDP receiver: UDP has no end of stream, so it stops after <paramref name="seconds"/>
    /// of media (probing only 1 s of it, else it would wait for more than the sender sends); it
    /// decodes everything (-f null) and keeps the packets as they came (-c copy) for ffprobe. A 4 s
    /// silence fails it with an error instead of a hang.
    /// </summary>
    private static string ReceiveArgs(string url, string copy, int seconds = 3) =>
        $"-v error -analyzeduration 1000000 -i {url}{(url.Contains('?') ? '&' : '?')}timeout=4000000 " +
        $"-t {seconds} -map 0:v -map 0:a -c copy -y {copy} -t {seconds} -map 0:v -map 0:a -f null -";

    private static async Task<List<string>> CodecsAsync(string file)
    {
        var probe = await Ffmpeg.ProbeAsync($"-v error -show_entries stream=codec_name -of csv=p=0 {file}", ToolTimeout);
        Assert.True(probe.ExitCode == 0, probe.ToString());
        return Lines(probe.Stdout).Distinct().ToList();
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// Whether multicast works on the loopback interface: it needs the MULTICAST flag, which containers
/// often leave off; turning it on needs CAP_NET_ADMIN. Without it the multicast tests say so and do nothing.
/// </summary>
internal static class LoopbackMulticast
{
    public static (bool Ready, string Reason) Ensure()
    {
        if (HasMulticastFlag(out var shown))
            return (true, "lo has MULTICAST");
        var set = Run("ip", "link set lo multicast on");
        return HasMulticastFlag(out shown)
            ? (true, "turned MULTICAST on for lo")
            : (false, $"lo has no MULTICAST flag and 'ip link set lo multicast on' failed: {set.Trim()} ({shown.Trim()})");
    }

    private static bool HasMulticastFlag(out string shown)
    {
        shown = Run("ip", "link show lo");
        return shown.Contains("MULTICAST", StringComparison.Ordinal);
    }

    private static string Run(string tool, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit(5000);
            return text;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"{tool} not available: {ex.Message}";
        }
    }
}

/// <summary>Opus packets as a WebRTC peer would send them: encoded by ffmpeg's libopus into Ogg, then read back out of the pages.</summary>
internal static class OggOpusPackets
{
    public static async Task<(byte[] OpusHead, List<byte[]> Packets)> MakeAsync(int seconds)
    {
        var path = Path.Combine(Path.GetTempPath(), $"gw-udp-opus-{seconds}s-{Environment.ProcessId}.ogg");
        var make = await Ffmpeg.RunAsync($"-v error -y -f lavfi -i sine=frequency=440:sample_rate=48000 -t {seconds} -c:a libopus -b:a 64k -f ogg {path}",
            TimeSpan.FromSeconds(30));
        Assert.True(make.ExitCode == 0, make.ToString());
        var packets = Read(await File.ReadAllBytesAsync(path));
        Assert.True(packets.Count > 2 && packets[0].AsSpan().StartsWith("OpusHead"u8), "not an Ogg Opus file");
        return (packets[0], packets.Skip(2).ToList()); // OpusHead, OpusTags, then audio
    }

    /// <summary>The packets of a single-stream Ogg file (RFC 3533): page payloads joined by their lacing values.</summary>
    private static List<byte[]> Read(byte[] ogg)
    {
        var packets = new List<byte[]>();
        var current = new List<byte>();
        for (var offset = 0; offset + 27 <= ogg.Length;)
        {
            Assert.True(ogg.AsSpan(offset).StartsWith("OggS"u8), $"no Ogg page at {offset}");
            int segments = ogg[offset + 26];
            var data = offset + 27 + segments;
            for (var i = 0; i < segments; i++)
            {
                int lacing = ogg[offset + 27 + i];
                current.AddRange(ogg.AsSpan(data, lacing).ToArray());
                data += lacing;
                if (lacing < 255)
                {
                    packets.Add([.. current]);
                    current.Clear();
                }
            }
            offset = data;
        }
        return packets;
    }
}
