using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using InteropGateway.Adapters.Rtmp.Protocol;

namespace InteropGateway.Tests.Rtmp;

public class HandshakeTests
{
    // Spelled out here rather than taken from RtmpHandshakeDigest, so the test checks the constants too.
    private static readonly byte[] KeyTail = Convert.FromHexString("F0EEC24A8068BEE82E00D0D1029E7E576EEC5D2D29806FAB93B8E636CFEB31AE");
    private static readonly byte[] FpKey = [.. Encoding.ASCII.GetBytes("Genuine Adobe Flash Player 001"), .. KeyTail];
    private static readonly byte[] FmsKey = [.. Encoding.ASCII.GetBytes("Genuine Adobe Flash Media Server 001"), .. KeyTail];

    private static int Offset(byte[] packet, int schema)
    {
        var b = schema == 0 ? 8 : 772;
        return (packet[b] + packet[b + 1] + packet[b + 2] + packet[b + 3]) % 728 + b + 4;
    }

    private static byte[] Hmac(byte[] key, byte[] packet, int digestOffset) =>
        HMACSHA256.HashData(key, (byte[])[.. packet[..digestOffset], .. packet[(digestOffset + 32)..]]);

    private static (byte[] S1, byte[] S2, RtmpHandshake Server) RunServer(byte[] c0c1)
    {
        var server = new RtmpHandshake();
        // Partial C0C1 is not consumed.
        var partial = new SequenceReader<byte>(new ReadOnlySequence<byte>(c0c1, 0, 1000));
        Assert.False(server.TryReadC0C1(ref partial));
        Assert.Equal(0, partial.Consumed);

        var reader = new SequenceReader<byte>(TestBuffers.Segmented(c0c1, 100));
        Assert.True(server.TryReadC0C1(ref reader));
        var output = new ArrayBufferWriter<byte>();
        server.WriteS0S1S2(output);
        var written = output.WrittenSpan.ToArray();
        Assert.Equal(3073, written.Length);
        Assert.Equal(3, written[0]);

        var c2 = new SequenceReader<byte>(new ReadOnlySequence<byte>(new byte[1536]));
        Assert.True(server.TrySkipC2(ref c2));
        return (written[1..1537], written[1537..], server);
    }

    [Fact]
    public void PlainClient_GetsC1Echoed()
    {
        var client = new RtmpClientHandshake(useDigest: false);
        var c0c1 = new ArrayBufferWriter<byte>();
        client.WriteC0C1(c0c1);
        var (s1, s2, server) = RunServer(c0c1.WrittenSpan.ToArray());
        Assert.False(server.IsDigestMode);
        Assert.Equal(client.C1.ToArray(), s2);
        Assert.Equal([0, 0, 0, 0], s1[4..8]);

        var response = new SequenceReader<byte>(new ReadOnlySequence<byte>([3, .. s1, .. s2]));
        Assert.True(client.TryReadS0S1S2(ref response));
        Assert.True(client.ServerResponseValid);
        var c2 = new ArrayBufferWriter<byte>();
        client.WriteC2(c2);
        Assert.Equal(s1, c2.WrittenSpan.ToArray());
    }

    [Fact]
    public void WrongVersion_IsAProtocolError()
    {
        var data = new byte[1537];
        data[0] = 6;
        var error = Assert.Throws<RtmpProtocolException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(data));
            new RtmpHandshake().TryReadC0C1(ref reader);
        });
        Assert.Equal("handshake-bad-version", error.Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void DigestClient_GetsSignedS1AndS2InTheSameSchema(int schema)
    {
        var c1 = RandomNumberGenerator.GetBytes(1536);
        c1[4] = 9; // a Flash Player version, as ffmpeg sends
        var digestOffset = Offset(c1, schema);
        Hmac(FpKey[..30], c1, digestOffset).CopyTo(c1, digestOffset);

        var (s1, s2, server) = RunServer([3, .. c1]);
        Assert.True(server.IsDigestMode);
        Assert.Equal(schema, server.DigestSchema);

        Assert.NotEqual(0, s1[4]); // non-zero version asks the client to validate
        var serverOffset = Offset(s1, schema);
        Assert.Equal(Hmac(FmsKey[..36], s1, serverOffset), s1[serverOffset..(serverOffset + 32)]);

        var tempKey = HMACSHA256.HashData(FmsKey, c1[digestOffset..(digestOffset + 32)]);
        Assert.Equal(HMACSHA256.HashData(tempKey, s2[..1504]), s2[1504..]);
    }

    [Fact]
    public void DigestClientHandshake_AgainstServer_ValidatesBothWays()
    {
        var client = new RtmpClientHandshake(useDigest: true);
        var c0c1 = new ArrayBufferWriter<byte>();
        client.WriteC0C1(c0c1);
        var (s1, s2, server) = RunServer(c0c1.WrittenSpan.ToArray());
        Assert.True(server.IsDigestMode);
        var response = new SequenceReader<byte>(new ReadOnlySequence<byte>([3, .. s1, .. s2]));
        Assert.True(client.TryReadS0S1S2(ref response));
        Assert.True(client.ServerDigestValid);
        Assert.True(client.ServerResponseValid);
    }

    [Fact]
    public void C1WithBrokenDigest_FallsBackToPlain()
    {
        var c1 = RandomNumberGenerator.GetBytes(1536);
        var (_, s2, server) = RunServer([3, .. c1]);
        Assert.False(server.IsDigestMode);
        Assert.Equal(c1, s2);
    }
}
