using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using InteropGateway.Adapters.WebRtc.Rtp;
using InteropGateway.Adapters.WebRtc.Rtp.Interceptors;

namespace InteropGateway.Tests.WebRtc;

/// <summary>
/// ffmpeg (libvpx) as the real VP8 sender: one encode is written to IVF, then sent as RTP with
/// ffmpeg's own RFC 7741 packetizer (15-bit PictureIDs, partitions split at the MTU). What our
/// depacketizer reassembles must be exactly the IVF's frames, and must decode without an error.
/// </summary>
public class Vp8FfmpegPeerTests
{
    private sealed record IvfFrame(byte[] Data)
    {
        public bool IsKeyframe => (Data[0] & 0x01) == 0; // RFC 6386 §9.1 frame tag, P bit
    }

    [Fact]
    public async Task FfmpegVp8RtpReassemblesIntoTheEncodersFramesAndALossWaitsForTheNextKeyframe()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"webrtc-vp8-tests-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        var ivfPath = Path.Combine(directory, "testsrc.ivf");
        var (exit, errors) = RtpFfmpeg.Run(["-v", "error", "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25", "-t", "2",
            "-c:v", "libvpx", "-b:v", "1M", "-g", "10", "-deadline", "realtime", "-cpu-used", "8", "-y", ivfPath]);
        Assert.True(exit == 0, errors);
        var encoded = ReadIvf(File.ReadAllBytes(ivfPath));
        Assert.Equal(50, encoded.Count);

        var packets = await ReceiveRtpAsync(ivfPath);
        Assert.True(packets.Count > encoded.Count, "every frame should have taken at least one packet, keyframes several");
        Assert.True(RtpPacket.TryParse(packets[0], out var rtp));
        Assert.True(Vp8PayloadDescriptor.TryParse(rtp.Payload, out var descriptor));
        Assert.True(descriptor is { IsFrameStart: true, LongPictureId: true }, $"ffmpeg's descriptor: {descriptor}");

        // All packets: every frame, byte for byte, with its keyframe flag.
        using (var depacketizer = new Vp8Depacketizer())
        using (var frames = new RtpFrameCollector())
        {
            var sink = new DepacketizingSink(depacketizer, frames);
            foreach (var packet in packets)
                sink.OnRtpPacket(packet);
            Assert.False(sink.TakeEvents().HasFlag(DepacketizerEvents.NeedKeyframe));
            Assert.Equal(encoded.Count, frames.Frames.Count);
            for (var i = 0; i < encoded.Count; i++)
            {
                Assert.True(encoded[i].Data.AsSpan().SequenceEqual(frames.Frames[i].Payload.Span), $"frame {i} differs");
                Assert.Equal(encoded[i].IsKeyframe, frames.Frames[i].IsKeyframe);
            }
            Assert.Equal(Enumerable.Range(0, 5).Select(k => k * 10), encoded.Select((f, i) => (f, i)).Where(x => x.f.IsKeyframe).Select(x => x.i));
            Assert.Equal((640, 360), (depacketizer.Track!.Width, depacketizer.Track.Height));
            Assert.Equal(Enumerable.Range(0, 50).Select(i => i * 3600L), frames.Frames.Select(f => f.Pts - frames.Frames[0].Pts));

            // ffmpeg decodes what we reassembled without a word, to the same pictures as its own file.
            var oursPath = Path.Combine(directory, "reassembled.ivf");
            File.WriteAllBytes(oursPath, WriteIvf(frames.Frames.Select(f => f.Payload.ToArray()).ToList(), 640, 360));
            var (decodeExit, decodeErrors) = RtpFfmpeg.Run(["-v", "error", "-i", oursPath, "-f", "framecrc", "-"]);
            Assert.True(decodeExit == 0 && decodeErrors.Trim().Length == 0, decodeErrors);
            var (_, ours) = RtpFfmpeg.Run(["-v", "error", "-i", oursPath, "-f", "framecrc", "-"], captureOutput: true);
            var (_, reference) = RtpFfmpeg.Run(["-v", "error", "-i", ivfPath, "-f", "framecrc", "-"], captureOutput: true);
            Assert.Equal(Checksums(reference), Checksums(ours));
            Assert.Equal(50, Checksums(ours).Count);
        }

        // The first packet of frame 13 lost: frames 13-19 are dropped, frame 20 (a keyframe) plays again.
        var frame13 = FirstPacketOfFrame(packets, 13);
        using (var depacketizer = new Vp8Depacketizer())
        using (var frames = new RtpFrameCollector())
        {
            var sink = new DepacketizingSink(depacketizer, frames);
            var events = DepacketizerEvents.None;
            for (var i = 0; i < packets.Count; i++)
            {
                if (i != frame13)
                    sink.OnRtpPacket(packets[i]);
                events |= sink.TakeEvents();
            }
            Assert.True(events.HasFlag(DepacketizerEvents.NeedKeyframe));
            var expected = encoded.Take(13).Concat(encoded.Skip(20)).ToList();
            Assert.Equal(expected.Count, frames.Frames.Count);
            for (var i = 0; i < expected.Count; i++)
                Assert.True(expected[i].Data.AsSpan().SequenceEqual(frames.Frames[i].Payload.Span), $"frame {i} after the loss differs");
        }
    }

    /// <summary>Streams the IVF as RTP from ffmpeg to a socket of ours; returns the packets in sequence order.</summary>
    private static async Task<List<byte[]>> ReceiveRtpAsync(string ivfPath)
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Client.ReceiveBufferSize = 4 << 20;
        var port = ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
        // -readrate paces the 2 s clip at 4x real time: quick, but no burst for the socket to drop.
        using var ffmpeg = RtpFfmpeg.Start(["-v", "error", "-readrate", "4", "-i", ivfPath, "-c", "copy",
            "-f", "rtp", "-payload_type", "96", $"rtp://127.0.0.1:{port}?rtcpport={port + 1}&pkt_size=1200"]);
        var errors = ffmpeg.StandardError.ReadToEndAsync();
        var done = ffmpeg.WaitForExitAsync();
        var received = new List<byte[]>();
        var deadline = Task.Delay(TimeSpan.FromSeconds(30));
        Task<UdpReceiveResult>? receive = null;
        // Receive until ffmpeg has exited and the socket has then been quiet for a moment (bounded by the deadline).
        while (!deadline.IsCompleted)
        {
            receive ??= socket.ReceiveAsync();
            var wait = done.IsCompleted ? Task.Delay(300) : Task.WhenAny(done, deadline);
            if (await Task.WhenAny(receive, wait) != receive)
            {
                if (!done.IsCompleted && !deadline.IsCompleted)
                    continue; // ffmpeg just exited: drain what is still queued
                break;
            }
            received.Add((await receive).Buffer);
            receive = null;
        }
        Assert.True(done.IsCompleted, "ffmpeg did not finish within 30 s");
        Assert.True(ffmpeg.ExitCode == 0, await errors);
        // Loopback does not reorder, but sort to be sure the test measures the depacketizer, not the socket.
        var first = RtpHeader.ReadSequenceNumber(received[0]);
        var ordered = received.OrderBy(p => (ushort)(RtpHeader.ReadSequenceNumber(p) - first)).ToList();
        for (var i = 1; i < ordered.Count; i++)
            Assert.Equal((ushort)(first + i), RtpHeader.ReadSequenceNumber(ordered[i])); // none lost
        return ordered;
    }

    private static int FirstPacketOfFrame(List<byte[]> packets, int frameIndex)
    {
        var frame = 0;
        for (var i = 1; i < packets.Count; i++)
        {
            if (RtpHeader.ReadTimestamp(packets[i]) != RtpHeader.ReadTimestamp(packets[i - 1]) && ++frame == frameIndex)
                return i;
        }
        throw new InvalidOperationException($"fewer than {frameIndex + 1} frames");
    }

    /// <summary>IVF: a 32-byte file header, then per frame a 4-byte size, an 8-byte timestamp and the frame.</summary>
    private static List<IvfFrame> ReadIvf(byte[] file)
    {
        Assert.Equal("DKIF", System.Text.Encoding.ASCII.GetString(file, 0, 4));
        Assert.Equal("VP80", System.Text.Encoding.ASCII.GetString(file, 8, 4));
        var frames = new List<IvfFrame>();
        int offset = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(6));
        while (offset + 12 <= file.Length)
        {
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset));
            frames.Add(new IvfFrame(file.AsSpan(offset + 12, size).ToArray()));
            offset += 12 + size;
        }
        return frames;
    }

    private static byte[] WriteIvf(List<byte[]> frames, int width, int height)
    {
        using var file = new MemoryStream();
        Span<byte> header = stackalloc byte[32];
        "DKIF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 32);
        "VP80"u8.CopyTo(header[8..]);
        BinaryPrimitives.WriteUInt16LittleEndian(header[12..], (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(header[14..], (ushort)height);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 25); // time base 1/25: one tick per frame
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)frames.Count);
        file.Write(header);
        Span<byte> frameHeader = stackalloc byte[12];
        for (var i = 0; i < frames.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(frameHeader, (uint)frames[i].Length);
            BinaryPrimitives.WriteUInt64LittleEndian(frameHeader[4..], (ulong)i);
            file.Write(frameHeader);
            file.Write(frames[i]);
        }
        return file.ToArray();
    }

    private static List<string> Checksums(string framecrc) =>
        framecrc.Split('\n').Where(l => l.StartsWith("0,", StringComparison.Ordinal)).Select(l => l.Split(',')[^1].Trim()).ToList();
}
