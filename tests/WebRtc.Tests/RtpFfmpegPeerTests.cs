using System.Net;
using System.Net.Sockets;
using InteropGateway.Adapters.WebRtc.Rtp;
using InteropGateway.Adapters.WebRtc.Rtp.Interceptors;
using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Native;

namespace InteropGateway.Tests.WebRtc;

/// <summary>ffmpeg as the independent RTP peer, both ways, over UDP on 127.0.0.1.</summary>
public class RtpFfmpegPeerTests
{
    [Fact]
    public async Task FfmpegRtpIsDepacketizedIntoAccessUnitsThatDecodeCleanly()
    {
        var clip = RtpTestMedia.H264;
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Client.ReceiveBufferSize = 4 << 20;
        var port = ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
        var sdpPath = Path.Combine(Path.GetDirectoryName(clip.AnnexBPath)!, $"ffmpeg-out-{port}.sdp");

        using var depacketizer = new H264Depacketizer();
        using var frames = new RtpFrameCollector();
        var sink = new DepacketizingSink(depacketizer, frames);
        using var reorder = new RtpReorderBuffer(sink);

        using var ffmpeg = RtpFfmpeg.Start(["-v", "error", "-re", "-framerate", "25", "-i", clip.AnnexBPath, "-c", "copy",
            "-f", "rtp", "-payload_type", "96", "-sdp_file", sdpPath, $"rtp://127.0.0.1:{port}?rtcpport={port + 1}&pkt_size=1200"]);
        var errors = ffmpeg.StandardError.ReadToEndAsync();
        var done = ffmpeg.WaitForExitAsync();
        var events = DepacketizerEvents.None;
        // Receive until ffmpeg has exited and the socket has then been quiet for a moment.
        Task<UdpReceiveResult>? receive = null;
        while (true)
        {
            receive ??= socket.ReceiveAsync();
            var wait = done.IsCompleted ? Task.Delay(300) : done;
            if (await Task.WhenAny(receive, wait) != receive)
            {
                if (wait == done)
                    continue; // ffmpeg just exited: drain what is still queued
                break;
            }
            reorder.OnRtpPacket((await receive).Buffer);
            events |= sink.TakeEvents();
            receive = null;
        }
        await done;
        Assert.True(ffmpeg.ExitCode == 0, await errors);
        Assert.Contains("H264/90000", File.ReadAllText(sdpPath));

        Assert.False(events.HasFlag(DepacketizerEvents.NeedKeyframe));
        Assert.Equal(clip.AccessUnits.Count, frames.Frames.Count);
        Assert.True(frames.Frames[0].IsKeyframe);
        // ffmpeg sends x264's bytes: what comes back is the canonical form of the same access units.
        for (var i = 0; i < frames.Frames.Count; i++)
            Assert.True(clip.AccessUnits[i].AsSpan().SequenceEqual(frames.Frames[i].Payload.Span), $"access unit {i} differs");
        Assert.Equal(clip.Track.Extradata.ToArray(), depacketizer.Track!.Extradata.ToArray());

        using var decoder = Decoder.Open("h264", depacketizer.Track.Extradata.Span);
        using var picture = new AvFrame();
        var decoded = 0;
        var size = (0, 0);
        foreach (var frame in frames.Frames)
        {
            var sent = decoder.Send(frame.Payload.Span, frame.Pts, frame.Dts, frame.IsKeyframe);
            Assert.False(sent.IsError, sent.Describe());
            while (decoder.TryReceive(picture))
            {
                decoded++;
                size = (picture.Width, picture.Height);
            }
        }
        decoder.SendEndOfStream();
        while (decoder.TryReceive(picture))
            decoded++;
        Assert.False(decoder.LastReceiveError.IsError, decoder.LastReceiveError.Describe());
        Assert.Equal(frames.Frames.Count, decoded);
        Assert.Equal((640, 360), size);
    }

    [Fact]
    public async Task OurRtpDecodesInFfmpegWithoutErrors()
    {
        var clip = RtpTestMedia.H264;
        var port = FreeUdpPortPair();
        AvcDecoderConfigurationRecord.TryParse(clip.Track.Extradata, out var record);
        var sdpPath = Path.Combine(Path.GetDirectoryName(clip.AnnexBPath)!, $"ffmpeg-in-{port}.sdp");
        // Deliberately no sprop-parameter-sets: the decoder must get SPS/PPS from our STAP-A.
        File.WriteAllText(sdpPath, $"v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=gateway\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
            $"m=video {port} RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\n");

        using var ffmpeg = RtpFfmpeg.Start(["-v", "error", "-protocol_whitelist", "file,udp,rtp", "-i", sdpPath, "-frames:v", clip.AccessUnits.Count.ToString(), "-f", "framecrc", "-"]);
        var errors = ffmpeg.StandardError.ReadToEndAsync();
        var output = ffmpeg.StandardOutput.ReadToEndAsync();
        await WaitUntilBound(port);

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var target = new IPEndPoint(IPAddress.Loopback, port);
        var udp = new UdpSink(socket, target);
        var packetizer = new H264Packetizer(new RtpStreamState(0xCAFEBABE, 96));
        // The clip and then its first GOP again: ffmpeg's decoder threads hold a few frames back
        // until more input comes, and it stops by itself after the clip's frame count.
        var sendCount = clip.AccessUnits.Count + 10;
        for (var i = 0; i < sendCount; i++)
        {
            packetizer.Packetize(clip.AccessUnits[i % clip.AccessUnits.Count], clip.Track, i * RtpTestMedia.FrameTicks, udp);
            await Task.Delay(5); // paced: a burst of 2 s of video could overflow ffmpeg's socket
        }
        // ffmpeg stops by itself after the expected frame count; if frames are missing it would wait forever.
        if (!ffmpeg.WaitForExit(10_000))
            ffmpeg.Kill();

        Assert.Equal("", (await errors).Trim());
        // Every picture ffmpeg decoded from our RTP equals the one it decodes from x264's file.
        var (_, reference) = RtpFfmpeg.Run(["-v", "error", "-i", clip.AnnexBPath, "-f", "framecrc", "-"], captureOutput: true);
        Assert.Equal(PictureChecksums(reference), PictureChecksums(await output));
        Assert.Equal(clip.AccessUnits.Count, PictureChecksums(reference).Count);
    }

    /// <summary>The checksum column of framecrc lines.</summary>
    private static List<string> PictureChecksums(string framecrc) =>
        framecrc.Split('\n').Where(l => l.StartsWith("0,", StringComparison.Ordinal)).Select(l => l.Split(',')[^1].Trim()).ToList();

    private sealed class UdpSink(Socket socket, EndPoint target) : IRtpPacketSink
    {
        public void OnRtpPacket(ReadOnlySpan<byte> packet) => socket.SendTo(packet, SocketFlags.None, target);
    }

    /// <summary>An even port with its odd neighbour free too (ffmpeg binds RTP and RTCP).</summary>
    private static int FreeUdpPortPair()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            int port;
            using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
                port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port & ~1;
            try
            {
                using var rtp = new UdpClient(new IPEndPoint(IPAddress.Any, port));
                using var rtcp = new UdpClient(new IPEndPoint(IPAddress.Any, port + 1));
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("no free UDP port pair");
    }

    /// <summary>Waits until some process has bound the UDP port (ffmpeg is then ready to receive).</summary>
    private static async Task WaitUntilBound(int port)
    {
        var hexPort = $":{port:X4} ";
        for (var i = 0; i < 100; i++)
        {
            if (File.ReadLines("/proc/net/udp").Concat(File.Exists("/proc/net/udp6") ? File.ReadLines("/proc/net/udp6") : []).Any(l => l.Contains(hexPort)))
                return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"ffmpeg did not bind UDP port {port}");
    }
}
