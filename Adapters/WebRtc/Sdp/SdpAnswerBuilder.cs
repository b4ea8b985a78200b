using System.Security.Cryptography;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>
/// Builds the gateway's answer to a WHIP or WHEP offer (RFC 8829 §5.3): one codec per m-line,
/// BUNDLE of the accepted mids, rtcp-mux, ice-lite, our ICE credentials, fingerprint and host
/// candidates, and when we send, our SSRC, msid and CNAME. Everything it cannot use is rejected
/// with port 0 rather than failing the session.
/// </summary>
public static class SdpAnswerBuilder
{
    /// <exception cref="SdpFormatException">The offer lacks ICE credentials, a fingerprint, or any usable media.</exception>
    public static SdpAnswer Build(SessionDescription offer, SdpAnswerOptions options)
    {
        var answer = new SessionDescription
        {
            Origin = $"- {(options.SessionId != 0 ? options.SessionId : RandomSessionId())} 2 IN IP4 127.0.0.1",
            SessionName = "-",
            Timing = "0 0",
        };
        answer.Add("ice-lite");

        string? remoteUfrag = null, remotePwd = null;
        SdpFingerprint? remoteFingerprint = null;
        var localSetup = SdpSetupRole.Passive;
        var negotiated = new List<NegotiatedMedia>();
        var bundled = new List<string>();

        for (var index = 0; index < offer.Media.Count; index++)
        {
            var offered = offer.Media[index];
            var mid = offered.Mid ?? index.ToString();
            var selection = offered.IsRejected || !offered.IsRtp
                ? null
                : SdpCodecSelector.Select(offered, options.Role, options.SendVideoProfile);
            if (selection is null)
            {
                answer.Media.Add(Rejected(offered, mid));
                continue;
            }

            var (ufrag, pwd) = offer.IceCredentialsFor(offered);
            if (ufrag is null || pwd is null)
                throw new SdpFormatException(offered.LineNumber, "media section without a=ice-ufrag/a=ice-pwd (neither in it nor at session level)");
            var fingerprint = offer.FingerprintFor(offered)
                ?? throw new SdpFormatException(offered.LineNumber, "media section without a=fingerprint");
            remoteUfrag ??= ufrag;
            remotePwd ??= pwd;
            remoteFingerprint ??= fingerprint;
            localSetup = AnswerSetup(offer.SetupFor(offered) ?? SdpSetupRole.ActPass);

            var (codec, codecId) = selection.Value;
            var kind = codecId.Kind();
            var direction = AnswerDirection(offered.Direction, options, kind);
            var sends = direction.Sends();
            var item = new NegotiatedMedia
            {
                Index = index,
                Mid = mid,
                Kind = kind,
                Codec = codecId,
                PayloadType = codec.PayloadType,
                ClockRate = codec.ClockRate,
                Channels = codec.Channels,
                Fmtp = AnswerFmtp(codec, codecId),
                Direction = direction,
                Nack = kind == MediaKind.Video && codec.HasFeedback("nack"),
                Pli = kind == MediaKind.Video && codec.HasFeedback("nack", "pli"),
                Fir = kind == MediaKind.Video && codec.HasFeedback("ccm", "fir"),
                RemoteSsrc = offered.PrimarySsrc,
                LocalSsrc = sends ? options.SsrcFor(kind) : null,
            };
            negotiated.Add(item);
            bundled.Add(mid);
            answer.Media.Add(AcceptedMedia(offered, item, codec, localSetup, options));
        }

        if (negotiated.Count == 0)
            throw new SdpFormatException(0, "no usable media: need video H264 (packetization-mode=1)" +
                (options.Role == GatewayMediaRole.Receive ? " or VP8" : "") + ", or audio opus/48000/2");
        answer.Attributes.Insert(0, new SdpAttribute("group", new SdpGroup("BUNDLE", bundled).ToString()));
        if (options.Role == GatewayMediaRole.Send)
            answer.Add("msid-semantic", $" WMS {options.StreamId}");
        return new SdpAnswer(answer, negotiated, localSetup, remoteUfrag!, remotePwd!, remoteFingerprint!);
    }

    /// <summary>RFC 8842 §5.3: answer actpass and active with passive (we stay DTLS server); passive with active.</summary>
    private static SdpSetupRole AnswerSetup(SdpSetupRole offered) =>
        offered == SdpSetupRole.Passive ? SdpSetupRole.Active : SdpSetupRole.Passive;

    private static MediaDirection AnswerDirection(MediaDirection offered, SdpAnswerOptions options, MediaKind kind)
    {
        if (options.Role == GatewayMediaRole.Receive)
            return offered.Sends() ? MediaDirection.RecvOnly : MediaDirection.Inactive;
        var haveKind = kind == MediaKind.Video ? options.SendVideo : options.SendAudio;
        return offered.Receives() && haveKind ? MediaDirection.SendOnly : MediaDirection.Inactive;
    }

    private static string? AnswerFmtp(SdpRtpCodec codec, CodecId codecId)
    {
        var parameters = codec.Parameters;
        switch (codecId)
        {
            case CodecId.H264:
                // Echo the chosen profile so both sides agree on what the stream is.
                var fields = new List<string>();
                if (parameters.TryGetValue("level-asymmetry-allowed", out var asymmetry))
                    fields.Add($"level-asymmetry-allowed={asymmetry}");
                fields.Add("packetization-mode=1");
                fields.Add($"profile-level-id={SdpCodecSelector.ProfileOf(codec)}");
                return string.Join(';', fields);
            case CodecId.Opus:
                var opus = new List<string>();
                if (parameters.TryGetValue("minptime", out var minptime))
                    opus.Add($"minptime={minptime}");
                if (parameters.TryGetValue("useinbandfec", out var fec))
                    opus.Add($"useinbandfec={fec}");
                return opus.Count == 0 ? null : string.Join(';', opus);
            default:
                return codec.Fmtp;
        }
    }

    private static MediaDescription AcceptedMedia(MediaDescription offered, NegotiatedMedia item, SdpRtpCodec codec,
        SdpSetupRole localSetup, SdpAnswerOptions options)
    {
        var firstUdp = options.Candidates.FirstOrDefault(c => c.Transport == "udp") ?? options.Candidates.FirstOrDefault();
        var media = new MediaDescription
        {
            Kind = offered.Kind,
            Port = firstUdp?.Port ?? 9,
            Protocol = offered.Protocol,
            Connection = $"IN IP4 {(firstUdp is not null && !firstUdp.Address.Contains(':') ? firstUdp.Address : "0.0.0.0")}",
        };
        media.Formats.Add(codec.PayloadType.ToString());
        media.Add("mid", item.Mid);
        media.Add("ice-ufrag", options.IceUfrag);
        media.Add("ice-pwd", options.IcePwd);
        media.Add("fingerprint", options.Fingerprint.ToString());
        media.Add("setup", localSetup.Name());
        media.Add(item.Direction.Name());
        media.Add("rtcp-mux");
        media.Add("rtpmap", new SdpRtpMap(codec.PayloadType, codec.Name, codec.ClockRate, codec.Channels).ToString());
        if (item.Fmtp is not null)
            media.Add("fmtp", $"{codec.PayloadType} {item.Fmtp}");
        if (item.Nack)
            media.Add("rtcp-fb", $"{codec.PayloadType} nack");
        if (item.Pli)
            media.Add("rtcp-fb", $"{codec.PayloadType} nack pli");
        if (item.Fir)
            media.Add("rtcp-fb", $"{codec.PayloadType} ccm fir");
        if (item.LocalSsrc is { } ssrc)
        {
            var trackId = $"{options.StreamId}-{item.Kind.ToString().ToLowerInvariant()}";
            media.Add("msid", new SdpMsid(options.StreamId, trackId).ToString());
            media.Add("ssrc", new SdpSsrc(ssrc, "cname", options.Cname).ToString());
            media.Add("ssrc", new SdpSsrc(ssrc, "msid", $"{options.StreamId} {trackId}").ToString());
        }
        foreach (var candidate in options.Candidates)
            media.Add("candidate", candidate.ToString());
        if (options.Candidates.Count > 0)
            media.Add("end-of-candidates");
        return media;
    }

    /// <summary>RFC 8829 §5.3.1: a rejected m-line keeps kind, proto and formats, with port 0 and its mid.</summary>
    private static MediaDescription Rejected(MediaDescription offered, string mid)
    {
        var media = new MediaDescription { Kind = offered.Kind, Port = 0, Protocol = offered.Protocol, Connection = "IN IP4 0.0.0.0" };
        media.Formats.AddRange(offered.Formats);
        media.Add("mid", mid);
        media.Add("inactive");
        return media;
    }

    private static ulong RandomSessionId() =>
        // o= session ids must fit a signed 63-bit number for some parsers (RFC 3264 §5: NTP-ish, "should be"): keep the top bit clear.
        BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 1;
}
