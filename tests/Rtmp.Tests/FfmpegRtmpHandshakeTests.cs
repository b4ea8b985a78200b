using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using InteropGateway.Adapters.Rtmp.Protocol;

namespace InteropGateway.Tests.Rtmp;

/// <summary>
/// ffmpeg as an RTMP player sends a digest C1 and, when playing, verifies our S1 digest and S2
/// signature ("Server response validating failed" otherwise). Reaching its connect command proves
/// the digest handshake, the chunk reader and AMF0 parsing against a real peer.
/// </summary>
public class FfmpegRtmpHandshakeTests
{
    [Fact]
    public async Task FfmpegPlayer_AcceptsDigestHandshake_AndSendsConnect()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var info = new ProcessStartInfo("ffmpeg", $"-nostdin -v error -rw_timeout 15000000 -i rtmp://127.0.0.1:{port}/live/test -f null -")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var ffmpeg = Process.Start(info)!;
        try
        {
            using var socket = await listener.AcceptSocketAsync(timeout.Token);
            await using var stream = new NetworkStream(socket);
            var buffer = new byte[1 << 16];
            var buffered = new List<byte>();

            var handshake = new RtmpHandshake();
            await ReadUntil(stream, buffer, buffered, timeout.Token, (ref SequenceReader<byte> r) => handshake.TryReadC0C1(ref r));
            Assert.True(handshake.IsDigestMode);
            var s0s1s2 = new ArrayBufferWriter<byte>();
            handshake.WriteS0S1S2(s0s1s2);
            await stream.WriteAsync(s0s1s2.WrittenMemory, timeout.Token);
            await ReadUntil(stream, buffer, buffered, timeout.Token, (ref SequenceReader<byte> r) => handshake.TrySkipC2(ref r));

            using var chunks = new ChunkReader();
            RtmpCommand? connect = null;
            await ReadUntil(stream, buffer, buffered, timeout.Token, (ref SequenceReader<byte> r) =>
            {
                while (connect is null && chunks.TryRead(ref r, out var message))
                {
                    using (message)
                    {
                        if (message.TypeId == RtmpMessageType.SetChunkSize)
                            chunks.ApplySetChunkSize(ProtocolControlMessages.ParseSetChunkSize(message.Span));
                        else if (message.TypeId == RtmpMessageType.CommandAmf0)
                            connect = RtmpCommand.Parse(message);
                    }
                }
                return connect is not null;
            });
            Assert.Equal("connect", connect!.Name);
            Assert.Equal(1, connect.TransactionId);
            Assert.Equal("live", connect.CommandObject.GetString("app"));
            Assert.Equal($"rtmp://127.0.0.1:{port}/live", connect.CommandObject.GetString("tcUrl"));
        }
        finally
        {
            if (!ffmpeg.HasExited)
                ffmpeg.Kill(entireProcessTree: true);
            await ffmpeg.WaitForExitAsync(CancellationToken.None);
        }
        // Had our S1/S2 failed validation, ffmpeg would have said so before sending connect.
        Assert.DoesNotContain("validating failed", await ffmpeg.StandardError.ReadToEndAsync());
    }

    private delegate bool Step(ref SequenceReader<byte> reader);

    /// <summary>Reads from the socket until the step succeeds; ends by the token's deadline at the latest.</summary>
    private static async Task ReadUntil(NetworkStream stream, byte[] buffer, List<byte> buffered, CancellationToken cancellationToken, Step step)
    {
        while (true)
        {
            if (TryStep(buffered, step))
                return;
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
                throw new EndOfStreamException("ffmpeg closed the connection");
            buffered.AddRange(buffer.AsSpan(0, read).ToArray());
        }
    }

    private static bool TryStep(List<byte> buffered, Step step)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(buffered.ToArray()));
        var done = step(ref reader);
        buffered.RemoveRange(0, (int)reader.Consumed);
        return done;
    }
}
