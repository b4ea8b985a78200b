using InteropGateway.Adapters.WebRtc.Sdp;

namespace InteropGateway.Tests.WebRtc;

public class SdpParseTests
{
    [Fact]
    public void ChromeWhipOfferParsesEveryPartTheAnswerNeeds()
    {
        var offer = SessionDescription.Parse(SdpTestOffers.ChromeWhipSendOnly);

        Assert.Equal(["0", "1"], offer.BundleMids);
        Assert.Equal(2, offer.Media.Count);
        var audio = offer.Media[0];
        var video = offer.Media[1];
        Assert.Equal("audio", audio.Kind);
        Assert.Equal(9, audio.Port);
        Assert.Equal("UDP/TLS/RTP/SAVPF", audio.Protocol);
        Assert.Equal("0", audio.Mid);
        Assert.Equal(MediaDirection.SendOnly, audio.Direction);
        Assert.True(audio.RtcpMux);
        Assert.Equal("Xz4u", audio.IceUfrag);
        Assert.Equal("5B3Ujg1hZTuThuIEhaHAIF2n", audio.IcePwd);
        Assert.Equal(SdpSetupRole.ActPass, audio.Setup);
        Assert.Equal("sha-256", audio.Fingerprint!.Algorithm);
        Assert.Equal(4, audio.Extmaps.Count());
        Assert.Equal(3735928559u, audio.PrimarySsrc);
        Assert.Equal("Yq8lE1m2fN0pQ7sT", audio.CnameOf(3735928559u));
        Assert.Equal("0d6e8b4a-2f7c-4a39-8e55-7c0b3f9d1e22", audio.Msid!.TrackId);

        var opus = audio.Codecs()[0];
        Assert.Equal((111, "opus", 48000, 2), (opus.PayloadType, opus.Name, opus.ClockRate, opus.Channels));
        Assert.Equal("10", opus.Parameters["minptime"]);

        var codecs = video.Codecs();
        Assert.Equal(25, codecs.Count);
        Assert.Equal(["VP8", "rtx", "H264"], codecs.Take(3).Select(c => c.Name));
        var h264 = codecs.Single(c => c.PayloadType == 106);
        Assert.Equal("42e01f", h264.Parameters["profile-level-id"]);
        Assert.True(h264.HasFeedback("nack", "pli"));
        Assert.True(h264.HasFeedback("ccm", "fir"));
        Assert.Equal(2882400001u, video.PrimarySsrc); // the FID group's first SSRC, not the RTX one
        Assert.Equal(8, video.Extmaps.Count());
    }

    [Fact]
    public void ObsOfferKeepsIceAndDtlsAtSessionLevel()
    {
        var offer = SessionDescription.Parse(SdpTestOffers.ObsWhip);
        var video = offer.Media[1];
        Assert.Null(video.IceUfrag);
        Assert.Equal(("sKa+", "fK8uQ3zR0vW2xY5aB7cD9eF1"), offer.IceCredentialsFor(video));
        Assert.Equal(SdpSetupRole.ActPass, offer.SetupFor(video));
        Assert.NotNull(offer.FingerprintFor(video));
        Assert.Equal(2, offer.Groups.Count());
    }

    [Fact]
    public void WriteThenParseKeepsEveryAttributeInOrder()
    {
        var offer = SessionDescription.Parse(SdpTestOffers.ChromeWhepRecvOnly);
        var text = offer.ToString();
        var again = SessionDescription.Parse(text);
        Assert.Equal(text, again.ToString());
        Assert.Equal(offer.Media.Count, again.Media.Count);
        for (var i = 0; i < offer.Media.Count; i++)
            Assert.Equal(offer.Media[i].Attributes, again.Media[i].Attributes);
        Assert.Contains("a=extmap:14 urn:ietf:params:rtp-hdrext:toffset\r\n", text);
        Assert.Contains("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n", text);
        Assert.EndsWith("a=max-message-size:262144\r\n", text);
    }

    [Theory]
    [InlineData("o=- 1 2 IN IP4 127.0.0.1\r\n", 1, "the first line must be 'v=0'")]
    [InlineData("v=1\r\n", 1, "unsupported SDP version")]
    [InlineData("v=0\r\no=- 1 IN IP4 127.0.0.1\r\n", 2, "o= needs 6 fields")]
    [InlineData("v=0\r\ns=-\r\nm=video nine UDP/TLS/RTP/SAVPF 96\r\n", 3, "m= port 'nine'")]
    [InlineData("v=0\r\ns=-\r\nm=video 9 UDP/TLS/RTP/SAVPF 96 300\r\n", 3, "'300' is not an RTP payload type")]
    [InlineData("v=0\r\ns=-\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 H264\r\n", 4, "a=rtpmap: expected")]
    [InlineData("v=0\r\ns=-\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 H264/fast\r\n", 4, "clock rate 'fast'")]
    [InlineData("v=0\r\ns=-\r\na=fingerprint:sha-256 XYZ\r\n", 3, "a=fingerprint")]
    [InlineData("v=0\r\ns=-\r\na=setup:sometimes\r\n", 3, "'sometimes' is not actpass")]
    [InlineData("v=0\r\ns=-\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=candidate:1 1 udp 2130706431 10.0.0.1 port typ host\r\n", 4, "a=candidate")]
    [InlineData("v=0\r\ns=-\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=ssrc:-5 cname:x\r\n", 4, "a=ssrc")]
    [InlineData("v=0\r\ns=-\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=sendonly:yes\r\n", 4, "takes no value")]
    [InlineData("v=0\r\ns=-\r\nthis is not sdp\r\n", 3, "expected '<letter>=<value>'")]
    [InlineData("v=0\r\ns=-\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\ns=again\r\n", 4, "unexpected 's=' line in a media section")]
    public void MalformedLinesAreReportedWithTheirNumber(string text, int line, string reason)
    {
        var error = Assert.Throws<SdpFormatException>(() => SessionDescription.Parse(text));
        Assert.Equal(line, error.LineNumber);
        Assert.Contains(reason, error.Message);
        Assert.StartsWith($"SDP line {line}: ", error.Message);
    }

    [Fact]
    public void OversizedDescriptionIsRejectedBeforeParsing()
    {
        var error = Assert.Throws<SdpFormatException>(() => SessionDescription.Parse("v=0\r\n" + new string('x', SdpParser.MaxLength)));
        Assert.Equal(0, error.LineNumber);
    }

    [Fact]
    public void CandidatesParseAndFormatBothTransports()
    {
        Assert.True(SdpCandidate.TryParse("candidate:842163049 1 udp 1677729535 203.0.113.7 58931 typ srflx raddr 192.168.1.20 rport 58931 generation 0", out var srflx));
        Assert.Equal(("udp", "203.0.113.7", 58931, "srflx", "192.168.1.20"), (srflx.Transport, srflx.Address, srflx.Port, srflx.Type, srflx.RelatedAddress));
        var tcp = SdpCandidate.Host("2", "tcp", "192.0.2.10", 8000);
        Assert.Equal("2 1 tcp 2130706431 192.0.2.10 8000 typ host tcptype passive", tcp.ToString());
        Assert.True(SdpCandidate.TryParse(tcp.ToString(), out var back));
        Assert.Equal(tcp, back);
    }

    [Theory]
    [InlineData("42e01f", H264Profile.ConstrainedBaseline)]
    [InlineData("42c01f", H264Profile.ConstrainedBaseline)]
    [InlineData("42001f", H264Profile.Baseline)]
    [InlineData("4d001f", H264Profile.Main)]
    [InlineData("64001f", H264Profile.High)]
    [InlineData("640c1f", H264Profile.ConstrainedHigh)]
    public void ProfileLevelIdsMapToProfiles(string text, H264Profile profile)
    {
        Assert.True(H264ProfileLevelId.TryParse(text, out var id));
        Assert.Equal(profile, id.Profile);
        Assert.Equal(text, id.ToString());
    }
}
