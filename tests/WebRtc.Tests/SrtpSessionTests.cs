using System.Security.Cryptography;
using InteropGateway.Adapters.WebRtc.Native;

namespace InteropGateway.Tests.WebRtc;

public sealed class SrtpSessionTests
{
    public static TheoryData<SrtpProfile> Profiles => [SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtp_round_trips_between_sessions_made_from_the_same_key(SrtpProfile profile)
    {
        var key = RandomNumberGenerator.GetBytes(profile.KeyLength() + profile.SaltLength());
        using var sender = new SrtpSession(profile, SrtpDirection.Outbound, key);
        using var receiver = new SrtpSession(profile, SrtpDirection.Inbound, key);
        var buffer = new byte[1500];

        for (ushort sequence = 1; sequence <= 50; sequence++)
        {
            var plain = TestPackets.Rtp(sequence);
            plain.CopyTo(buffer, 0);
            Assert.Equal(SrtpStatus.Ok, sender.ProtectRtp(buffer, plain.Length, out var protectedLength));
            Assert.Equal(plain.Length + profile.RtpTrailerLength(), protectedLength);
            Assert.False(buffer.AsSpan(12, plain.Length - 12).SequenceEqual(plain.AsSpan(12)), "payload must be encrypted");

            Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(buffer.AsSpan(0, protectedLength), out var plainLength));
            Assert.True(buffer.AsSpan(0, plainLength).SequenceEqual(plain));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtcp_round_trips(SrtpProfile profile)
    {
        var key = RandomNumberGenerator.GetBytes(profile.KeyLength() + profile.SaltLength());
        using var sender = new SrtpSession(profile, SrtpDirection.Outbound, key);
        using var receiver = new SrtpSession(profile, SrtpDirection.Inbound, key);
        var plain = TestPackets.RtcpReceiverReport();
        var buffer = new byte[64];
        plain.CopyTo(buffer, 0);
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtcp(buffer, plain.Length, out var protectedLength));
        Assert.Equal(plain.Length + profile.RtcpTrailerLength(), protectedLength);
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtcp(buffer.AsSpan(0, protectedLength), out var plainLength));
        Assert.True(buffer.AsSpan(0, plainLength).SequenceEqual(plain));
    }

    [Fact]
    public void Tampered_packet_and_wrong_key_fail_authentication()
    {
        const SrtpProfile profile = SrtpProfile.Aes128CmHmacSha1_80;
        var key = RandomNumberGenerator.GetBytes(30);
        using var sender = new SrtpSession(profile, SrtpDirection.Outbound, key);
        using var receiver = new SrtpSession(profile, SrtpDirection.Inbound, key);
        using var stranger = new SrtpSession(profile, SrtpDirection.Inbound, RandomNumberGenerator.GetBytes(30));

        var buffer = new byte[1500];
        TestPackets.Rtp(7).CopyTo(buffer, 0);
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtp(buffer, 112, out var length));
        var copy = buffer.AsSpan(0, length).ToArray();
        Assert.Equal(SrtpStatus.AuthFail, stranger.UnprotectRtp(copy.AsSpan().ToArray(), out _));
        copy[40] ^= 1;
        Assert.Equal(SrtpStatus.AuthFail, receiver.UnprotectRtp(copy, out _));
    }

    [Fact]
    public void Replayed_packet_is_rejected_but_a_retransmit_can_be_protected_again()
    {
        const SrtpProfile profile = SrtpProfile.Aes128CmHmacSha1_80;
        var key = RandomNumberGenerator.GetBytes(30);
        using var sender = new SrtpSession(profile, SrtpDirection.Outbound, key);
        using var receiver = new SrtpSession(profile, SrtpDirection.Inbound, key);
        var plain = TestPackets.Rtp(100);
        var first = new byte[1500];
        plain.CopyTo(first, 0);
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtp(first, plain.Length, out var length));
        var replay = first.AsSpan(0, length).ToArray();
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(first.AsSpan(0, length), out _));
        Assert.Equal(SrtpStatus.ReplayFail, receiver.UnprotectRtp(replay, out _));

        // allow_repeat_tx: a NACK retransmit of the same sequence number is protected, not refused.
        var again = new byte[1500];
        plain.CopyTo(again, 0);
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtp(again, plain.Length, out _));
    }

    [Fact]
    public void Buffer_without_room_for_the_tag_is_refused_before_libsrtp_writes_past_it()
    {
        var key = RandomNumberGenerator.GetBytes(30);
        using var sender = new SrtpSession(SrtpProfile.Aes128CmHmacSha1_80, SrtpDirection.Outbound, key);
        var plain = TestPackets.Rtp(1);
        Assert.Throws<ArgumentException>(() => sender.ProtectRtp(plain, plain.Length, out _));
    }

    [Fact]
    public void Garbage_is_a_status_not_a_crash()
    {
        var key = RandomNumberGenerator.GetBytes(30);
        using var receiver = new SrtpSession(SrtpProfile.Aes128CmHmacSha1_80, SrtpDirection.Inbound, key);
        var random = new Random(5);
        for (var i = 0; i < 200; i++)
        {
            var garbage = new byte[random.Next(0, 200)];
            random.NextBytes(garbage);
            Assert.NotEqual(SrtpStatus.Ok, receiver.UnprotectRtp(garbage, out _));
            Assert.NotEqual(SrtpStatus.Ok, receiver.UnprotectRtcp(garbage, out _));
        }
    }
}
