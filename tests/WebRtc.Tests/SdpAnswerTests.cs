using InteropGateway.Adapters.WebRtc.Sdp;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Tests.WebRtc;

public class SdpAnswerTests
{
    private static readonly SdpFingerprint OurFingerprint = new("sha-256",
        "0F:1E:2D:3C:4B:5A:69:78:87:96:A5:B4:C3:D2:E1:F0:0F:1E:2D:3C:4B:5A:69:78:87:96:A5:B4:C3:D2:E1:F0");

    private static SdpAnswerOptions Options(GatewayMediaRole role) => new()
    {
        Role = role,
        IceUfrag = "gw01",
        IcePwd = "gatewaypasswordgatewaypw",
        Fingerprint = OurFingerprint,
        Candidates = [SdpCandidate.Host("1", "udp", "192.0.2.10", 8000), SdpCandidate.Host("2", "tcp", "192.0.2.10", 8000)],
        VideoSsrc = 11111111,
        AudioSsrc = 22222222,
        Cname = "gw-cname",
        StreamId = "live-demo",
        SessionId = 42,
    };

    [Fact]
    public void ChromeWhipGetsConstrainedBaselineAndOpusReceiveOnly()
    {
        var offer = SessionDescription.Parse(SdpTestOffers.ChromeWhipSendOnly);
        var answer = SdpAnswerBuilder.Build(offer, Options(GatewayMediaRole.Receive));

        Assert.Equal(SdpSetupRole.Passive, answer.LocalSetup);
        Assert.Equal("Xz4u", answer.RemoteIceUfrag);
        Assert.Equal("5B3Ujg1hZTuThuIEhaHAIF2n", answer.RemoteIcePwd);
        var audio = answer.Media.Single(m => m.Kind == MediaKind.Audio);
        var video = answer.Media.Single(m => m.Kind == MediaKind.Video);
        Assert.Equal((CodecId.Opus, 111, 48000, 2, "minptime=10;useinbandfec=1"), (audio.Codec, audio.PayloadType, audio.ClockRate, audio.Channels, audio.Fmtp));
        Assert.Equal((CodecId.H264, 106), (video.Codec, video.PayloadType));
        Assert.Equal("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", video.Fmtp);
        Assert.True(video.Nack && video.Pli && video.Fir);
        Assert.False(audio.Nack);
        Assert.Equal(MediaDirection.RecvOnly, video.Direction);
        Assert.Equal(2882400001u, video.RemoteSsrc);
        Assert.Null(video.LocalSsrc);

        // The answer text parses and says what a browser needs to hear.
        var text = answer.Text;
        var parsed = SessionDescription.Parse(text);
        Assert.Equal(["0", "1"], parsed.BundleMids);
        Assert.True(parsed.IceLite);
        var answerVideo = parsed.Media[1];
        Assert.Equal(["106"], answerVideo.Formats);
        Assert.Equal(8000, answerVideo.Port);
        Assert.Equal("IN IP4 192.0.2.10", answerVideo.Connection);
        Assert.Equal(MediaDirection.RecvOnly, answerVideo.Direction);
        Assert.Equal(SdpSetupRole.Passive, answerVideo.Setup);
        Assert.True(answerVideo.RtcpMux);
        Assert.Equal("gw01", answerVideo.IceUfrag);
        Assert.Equal(OurFingerprint, answerVideo.Fingerprint);
        Assert.Equal(["106 nack", "106 nack pli", "106 ccm fir"], answerVideo.GetAttributes("rtcp-fb"));
        Assert.Equal(["udp", "tcp"], answerVideo.Candidates.Select(c => c.Transport));
        Assert.Empty(answerVideo.Ssrcs);
        Assert.Empty(answerVideo.Extmaps);
        Assert.Contains("a=rtpmap:111 opus/48000/2\r\n", text);
        Assert.Contains("a=candidate:2 1 tcp 2130706431 192.0.2.10 8000 typ host tcptype passive\r\n", text);
        Assert.DoesNotContain("rtx", text);
    }

    [Fact]
    public void ChromeWhepGetsOurSsrcMsidAndRejectsTheDataChannel()
    {
        var offer = SessionDescription.Parse(SdpTestOffers.ChromeWhepRecvOnly);
        var options = Options(GatewayMediaRole.Send) with { SendVideoProfile = H264ProfileLevelId.FromSps([0x67, 0x42, 0xC0, 0x1E]) };
        var answer = SdpAnswerBuilder.Build(offer, options);

        var video = answer.Media.Single(m => m.Kind == MediaKind.Video);
        Assert.Equal(106, video.PayloadType); // the first constrained-baseline one: x264's 42c01e matches 42e01f
        Assert.Equal(MediaDirection.SendOnly, video.Direction);
        Assert.Equal(11111111u, video.LocalSsrc);
        Assert.Equal(22222222u, answer.Media.Single(m => m.Kind == MediaKind.Audio).LocalSsrc);

        var parsed = SessionDescription.Parse(answer.Text);
        Assert.Equal(["0", "1"], parsed.BundleMids);
        Assert.Equal(3, parsed.Media.Count);
        var data = parsed.Media[2];
        Assert.Equal(("application", 0, "UDP/DTLS/SCTP", "2"), (data.Kind, data.Port, data.Protocol, data.Mid));
        Assert.Equal(["webrtc-datachannel"], data.Formats);
        var answerVideo = parsed.Media[0];
        Assert.Equal(MediaDirection.SendOnly, answerVideo.Direction);
        Assert.Equal(new SdpMsid("live-demo", "live-demo-video"), answerVideo.Msid);
        Assert.Equal("gw-cname", answerVideo.CnameOf(11111111));
        Assert.Equal("msid-semantic", parsed.Attributes.Last().Name);
    }

    [Theory]
    [InlineData("64001f", 112)]
    [InlineData("640c1f", 112)] // constrained high is decoded by a high decoder
    [InlineData("4d001f", 127)]
    [InlineData("42001f", 102)]
    public void WhepPicksTheOfferedProfileThatMatchesOurStream(string ours, int payloadType)
    {
        var offer = SessionDescription.Parse(SdpTestOffers.ChromeWhepRecvOnly);
        H264ProfileLevelId.TryParse(ours, out var profile);
        var answer = SdpAnswerBuilder.Build(offer, Options(GatewayMediaRole.Send) with { SendVideoProfile = profile });
        Assert.Equal(payloadType, answer.Media.Single(m => m.Kind == MediaKind.Video).PayloadType);
    }

    [Fact]
    public void WhepWithoutAudioAnswersAudioInactive()
    {
        var offer = SessionDescription.Parse(SdpTestOffers.ChromeWhepRecvOnly);
        var answer = SdpAnswerBuilder.Build(offer, Options(GatewayMediaRole.Send) with { SendAudio = false });
        var audio = answer.Media.Single(m => m.Kind == MediaKind.Audio);
        Assert.Equal(MediaDirection.Inactive, audio.Direction);
        Assert.Null(audio.LocalSsrc);
    }

    [Fact]
    public void ObsWhipIsAnsweredFromSessionLevelIceAndDtls()
    {
        var offer = SessionDescription.Parse(SdpTestOffers.ObsWhip);
        var answer = SdpAnswerBuilder.Build(offer, Options(GatewayMediaRole.Receive));
        Assert.Equal("sKa+", answer.RemoteIceUfrag);
        Assert.Equal("sha-256", answer.RemoteFingerprint.Algorithm);
        var video = answer.Media.Single(m => m.Kind == MediaKind.Video);
        Assert.Equal((CodecId.H264, 96, 1547379087u), (video.Codec, video.PayloadType, video.RemoteSsrc));
        Assert.True(video.Nack && video.Pli);
        Assert.False(video.Fir); // OBS did not offer ccm fir, so we must not answer it
        var audio = answer.Media.Single(m => m.Kind == MediaKind.Audio);
        Assert.Equal("minptime=10;useinbandfec=1", audio.Fmtp);
    }

    [Fact]
    public void Vp8IsAcceptedOnlyForIngestWithoutH264()
    {
        var vp8Only = SdpTestOffers.ObsWhip
            .Replace("a=rtpmap:96 H264/90000", "a=rtpmap:96 VP8/90000")
            .Replace("a=fmtp:96 profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1\r\n", "");
        var offer = SessionDescription.Parse(vp8Only);
        var whip = SdpAnswerBuilder.Build(offer, Options(GatewayMediaRole.Receive));
        Assert.Equal(CodecId.Vp8, whip.Media.Single(m => m.Kind == MediaKind.Video).Codec);

        // With H264 on offer Chrome's VP8 (first in its list) is passed over.
        var chrome = SdpAnswerBuilder.Build(SessionDescription.Parse(SdpTestOffers.ChromeWhipSendOnly), Options(GatewayMediaRole.Receive));
        Assert.Equal(CodecId.H264, chrome.Media.Single(m => m.Kind == MediaKind.Video).Codec);

        // We never send VP8: a playback offer with only VP8 gets its video rejected.
        var whep = SdpAnswerBuilder.Build(SessionDescription.Parse(vp8Only.Replace("a=sendonly", "a=recvonly")), Options(GatewayMediaRole.Send));
        Assert.DoesNotContain(whep.Media, m => m.Kind == MediaKind.Video);
        Assert.Equal(0, whep.Description.Media[1].Port);
    }

    [Fact]
    public void PacketizationModeZeroOnlyIsNotUsable()
    {
        var mode0 = SdpTestOffers.ObsWhip.Replace("packetization-mode=1", "packetization-mode=0");
        var answer = SdpAnswerBuilder.Build(SessionDescription.Parse(mode0), Options(GatewayMediaRole.Receive));
        Assert.DoesNotContain(answer.Media, m => m.Kind == MediaKind.Video);
    }

    [Fact]
    public void PassiveOfferMakesUsTheDtlsClient()
    {
        var passive = SdpTestOffers.ObsWhip.Replace("a=setup:actpass", "a=setup:passive");
        var answer = SdpAnswerBuilder.Build(SessionDescription.Parse(passive), Options(GatewayMediaRole.Receive));
        Assert.True(answer.IsDtlsClient);
        Assert.Contains("a=setup:active\r\n", answer.Text);
    }

    [Fact]
    public void OfferWithNothingUsableIsRefusedWithAReason()
    {
        var g722 = SdpTestOffers.ObsWhip.Replace("opus/48000/2", "G722/8000").Replace("H264/90000", "AV1/90000");
        var error = Assert.Throws<SdpFormatException>(() => SdpAnswerBuilder.Build(SessionDescription.Parse(g722), Options(GatewayMediaRole.Receive)));
        Assert.Contains("no usable media", error.Message);
    }

    [Fact]
    public void OfferWithoutFingerprintIsRefused()
    {
        var noFingerprint = string.Join("\r\n", SdpTestOffers.ObsWhip.Split("\r\n").Where(l => !l.StartsWith("a=fingerprint")));
        var error = Assert.Throws<SdpFormatException>(() => SdpAnswerBuilder.Build(SessionDescription.Parse(noFingerprint), Options(GatewayMediaRole.Receive)));
        Assert.Contains("a=fingerprint", error.Message);
    }
}
