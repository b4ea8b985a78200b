using System.Net;
using System.Text;
using InteropGateway.Adapters.WebRtc.Ice;

namespace InteropGateway.Tests.WebRtc;

/// <summary>The RFC 5769 test vectors (short-term credential password "VOkJxbRl1RmTxUk/WvJxBt").</summary>
public sealed class StunRfc5769Tests
{
    private static readonly byte[] Password = Encoding.UTF8.GetBytes("VOkJxbRl1RmTxUk/WvJxBt");
    private static readonly byte[] TransactionId = Convert.FromHexString("B7E7A701BC34D686FA87DFAE");

    // §2.1: SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME "evtj:h6vY", MESSAGE-INTEGRITY, FINGERPRINT.
    private static readonly byte[] SampleRequest = Convert.FromHexString(
        "000100582112A442B7E7A701BC34D686FA87DFAE" +
        "802200105354554E207465737420636C69656E74" +
        "002400046E0001FF" +
        "80290008932FF9B151263B36" +
        "000600096576746A3A68367659202020" +
        "000800149AEAA70CBFD8CB56781EF2B5B2D3F249C1B571A2" +
        "80280004E57A3BCF");

    // §2.2: IPv4 response, mapped address 192.0.2.1:32853.
    private static readonly byte[] SampleIpv4Response = Convert.FromHexString(
        "0101003C2112A442B7E7A701BC34D686FA87DFAE" +
        "8022000B7465737420766563746F7220" +
        "002000080001A147E112A643" +
        "000800142B91F599FD9E90C38C7489F92AF9BA53F06BE7D7" +
        "80280004C07D4C96");

    // §2.3: IPv6 response, mapped address [2001:db8:1234:5678:11:2233:4455:6677]:32853.
    private static readonly byte[] SampleIpv6Response = Convert.FromHexString(
        "010100482112A442B7E7A701BC34D686FA87DFAE" +
        "8022000B7465737420766563746F7220" +
        "002000140002A1470113A9FAA5D3F179BC25F4B5BED2B9D9" +
        "00080014A382954E4BE67BF11784C97C8292C275BFE3ED41" +
        "80280004C8FB0B4C");

    [Fact]
    public void Sample_request_parses_and_verifies()
    {
        Assert.True(StunMessage.TryParse(SampleRequest, out var message));
        Assert.Equal(StunMessageType.BindingRequest, message.Type);
        Assert.True(message.TransactionId.SequenceEqual(TransactionId));
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(message.Username));
        Assert.True(message.HasPriority);
        Assert.Equal(0x6E0001FFu, message.Priority);
        Assert.True(message.HasIceControlled);
        Assert.Equal(0x932FF9B151263B36ul, message.IceControlled);
        Assert.False(message.UseCandidate);
        Assert.True(message.VerifyIntegrity(Password));
        Assert.True(message.VerifyFingerprint());
        Assert.False(message.VerifyIntegrity("wrong password"u8));
    }

    [Fact]
    public void Sample_ipv4_response_parses_and_verifies()
    {
        Assert.True(StunMessage.TryParse(SampleIpv4Response, out var message));
        Assert.Equal(StunMessageType.BindingSuccess, message.Type);
        Assert.True(message.VerifyIntegrity(Password));
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), mapped);
    }

    [Fact]
    public void Sample_ipv6_response_parses_and_verifies()
    {
        Assert.True(StunMessage.TryParse(SampleIpv6Response, out var message));
        Assert.True(message.VerifyIntegrity(Password));
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), mapped);
    }

    [Fact]
    public void Writer_reproduces_the_sample_ipv4_response_byte_for_byte()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccess, TransactionId);
        // The RFC pads SOFTWARE "test vector " (11 bytes + 1 pad byte 0x20); our writer pads with zero,
        // so write all 12 bytes of the sample's value region for an exact comparison.
        writer.AddSoftware("test vector"u8);
        var length = writer.Length;
        buffer[length - 1] = 0x20;
        writer.AddXorMappedAddress(IPAddress.Parse("192.0.2.1"), 32853);
        writer.AddMessageIntegrity(Password);
        writer.AddFingerprint();
        Assert.Equal(Convert.ToHexString(SampleIpv4Response), Convert.ToHexString(writer.Written));
    }

    [Fact]
    public void Writer_reproduces_the_sample_ipv6_response_byte_for_byte()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccess, TransactionId);
        writer.AddSoftware("test vector"u8);
        buffer[writer.Length - 1] = 0x20;
        writer.AddXorMappedAddress(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
        writer.AddMessageIntegrity(Password);
        writer.AddFingerprint();
        Assert.Equal(Convert.ToHexString(SampleIpv6Response), Convert.ToHexString(writer.Written));
    }

    [Fact]
    public void Corrupted_messages_are_rejected_or_fail_verification()
    {
        var flipped = SampleRequest.ToArray();
        flipped[30] ^= 0x01; // inside SOFTWARE: both integrity and fingerprint must break
        Assert.True(StunMessage.TryParse(flipped, out var message));
        Assert.False(message.VerifyIntegrity(Password));
        Assert.False(message.VerifyFingerprint());

        Assert.False(StunMessage.TryParse(SampleRequest.AsSpan(0, SampleRequest.Length - 4), out _)); // length mismatch
        var badLength = SampleRequest.ToArray();
        badLength[3] = 0xFF;
        Assert.False(StunMessage.TryParse(badLength, out _));
        var attributeOverrun = SampleRequest.ToArray();
        attributeOverrun[22] = 0x7F; // SOFTWARE claims 0x7F10 bytes
        Assert.False(StunMessage.TryParse(attributeOverrun, out _));
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(1);
        var buffer = new byte[300];
        for (var i = 0; i < 5000; i++)
        {
            var length = random.Next(0, buffer.Length);
            random.NextBytes(buffer);
            buffer[0] &= 0x03;
            // Half the time make the header plausible so attribute parsing is exercised.
            if (i % 2 == 0 && length >= 20)
            {
                buffer[2] = (byte)((length - 20) >> 8);
                buffer[3] = (byte)((length - 20) & 0xFC);
                buffer[4] = 0x21; buffer[5] = 0x12; buffer[6] = 0xA4; buffer[7] = 0x42;
            }
            if (StunMessage.TryParse(buffer.AsSpan(0, length), out var message))
            {
                message.VerifyIntegrity(Password);
                message.VerifyFingerprint();
                message.TryGetXorMappedAddress(out _);
            }
        }
    }
}
