using System.Buffers;
using System.Text;
using InteropGateway.Adapters.WebRtc.Transport;
using InteropGateway.Core.Hosting;

namespace InteropGateway.Tests.WebRtc;

/// <summary>Recognising ICE-TCP from the first bytes on the multiplexed port.</summary>
public sealed class IceTcpProbeTests
{
    private const int MaxFrame = 8192;

    /// <summary>A real Binding request as an ICE-TCP client sends it first: RFC 4571 length, then the STUN message.</summary>
    private static byte[] FramedCheck()
    {
        var check = IceLiteResponderTests.Check("gwUf:brws", "gatewaypassword0123456789", useCandidate: true);
        return [(byte)(check.Length >> 8), (byte)check.Length, .. check];
    }

    private static ProbeResult Probe(byte[] bytes) => IceTcpProbe.Probe(new ReadOnlySequence<byte>(bytes), MaxFrame);

    [Fact]
    public void A_stun_check_in_an_rfc4571_frame_matches()
    {
        var framed = FramedCheck();
        Assert.Equal(ProbeResult.Match, Probe(framed));
        Assert.Equal(ProbeResult.Match, Probe(framed[..IceTcpProbe.BytesNeeded]));
    }

    [Fact]
    public void A_stun_check_split_over_segments_matches()
    {
        var framed = FramedCheck();
        var first = new Segment(framed.AsMemory(0, 3));
        var last = first.Append(framed.AsMemory(3, 4)).Append(framed.AsMemory(7));
        Assert.Equal(ProbeResult.Match, IceTcpProbe.Probe(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length), MaxFrame));
    }

    [Fact]
    public void Every_shorter_prefix_of_a_check_needs_more_data()
    {
        var framed = FramedCheck();
        for (var length = 1; length < IceTcpProbe.BytesNeeded; length++)
            Assert.True(ProbeResult.NeedMoreData == Probe(framed[..length]), $"{length} bytes");
    }

    [Theory]
    [InlineData("rtmp")]
    [InlineData("tls")]
    [InlineData("http")]
    public void Other_protocols_do_not_match(string protocol)
    {
        byte[] firstBytes = protocol switch
        {
            // C0 (version 3) + the start of C1: 4 bytes of time, 4 zero bytes, random.
            "rtmp" => [0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x5A, 0x17, 0x23],
            // A TLS 1.2 record header (handshake, 0x0301, length 0x0200) and a ClientHello header.
            "tls" => [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03, 0x11],
            _ => Encoding.ASCII.GetBytes("GET /webrtc/play/live/x HTTP/1.1\r\n"),
        };
        Assert.Equal(ProbeResult.NoMatch, Probe(firstBytes));
    }

    [Fact]
    public void Http_is_refused_from_its_first_byte_and_tls_from_its_sixth()
    {
        // 'G' would make a frame of at least 0x4700 bytes, far over MaxTcpFrameLength.
        Assert.Equal(ProbeResult.NoMatch, Probe("G"u8.ToArray()));
        // 0x1603 is a frame length we accept, but the handshake header after it is no STUN length.
        Assert.Equal(ProbeResult.NeedMoreData, Probe([0x16, 0x03, 0x01, 0x02, 0x00]));
        Assert.Equal(ProbeResult.NoMatch, Probe([0x16, 0x03, 0x01, 0x02, 0x00, 0x01]));
    }

    [Theory]
    [InlineData(0)]     // RFC 4571 frames are never empty
    [InlineData(19)]    // shorter than a STUN header
    [InlineData(8193)]  // over MaxTcpFrameLength
    [InlineData(65535)]
    public void A_frame_length_no_check_can_have_does_not_match(int frameLength)
    {
        var framed = FramedCheck();
        framed[0] = (byte)(frameLength >> 8);
        framed[1] = (byte)frameLength;
        Assert.Equal(ProbeResult.NoMatch, Probe(framed));
    }

    [Fact]
    public void A_frame_whose_stun_length_disagrees_does_not_match()
    {
        var framed = FramedCheck();
        framed[5] += 4; // the STUN length says 4 more bytes than the frame carries
        Assert.Equal(ProbeResult.NoMatch, Probe(framed));
    }

    [Fact]
    public void A_wrong_magic_cookie_or_first_bits_do_not_match()
    {
        var cookie = FramedCheck();
        cookie[9] ^= 0x01;
        Assert.Equal(ProbeResult.NoMatch, Probe(cookie));
        var firstBits = FramedCheck();
        firstBits[2] |= 0x80; // RTP/DTLS-like, not STUN
        Assert.Equal(ProbeResult.NoMatch, Probe(firstBits));
    }

    [Fact]
    public void The_protocol_refuses_everything_when_ice_tcp_is_off()
    {
        var options = new WebRtcTransportOptions { EnableIceTcp = false };
        var server = new WebRtcTransportServer(Microsoft.Extensions.Options.Options.Create(options));
        var protocol = new IceTcpProtocol(server, Microsoft.Extensions.Options.Options.Create(options),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<IceTcpProtocol>.Instance);
        Assert.Equal("ice-tcp", protocol.Name);
        Assert.Equal(ProbeResult.NoMatch, protocol.Probe(new ReadOnlySequence<byte>(FramedCheck())));
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
