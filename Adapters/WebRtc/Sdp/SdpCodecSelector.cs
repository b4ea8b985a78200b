using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>
/// Picks the one codec per m-line the gateway will use: H264 (packetization-mode=1) for video, VP8
/// only when receiving and the offer has no H264, Opus 48000/2 for audio.
/// </summary>
public static class SdpCodecSelector
{
    public static (SdpRtpCodec Codec, CodecId Id)? Select(MediaDescription media, GatewayMediaRole role, H264ProfileLevelId? sendProfile)
    {
        var codecs = media.Codecs();
        switch (media.Kind)
        {
            case "audio":
                var opus = codecs.FirstOrDefault(c => c.IsNamed("opus") && c.ClockRate == 48_000 && c.Channels == 2);
                return opus is null ? null : (opus, CodecId.Opus);
            case "video":
                var h264 = SelectH264(codecs, role, sendProfile);
                if (h264 is not null)
                    return (h264, CodecId.H264);
                // VP8 is only depacketized (into the gateway); we never send it.
                if (role == GatewayMediaRole.Receive && !codecs.Any(c => c.IsNamed("H264")))
                {
                    var vp8 = codecs.FirstOrDefault(c => c.IsNamed("VP8") && c.ClockRate == 90_000);
                    if (vp8 is not null)
                        return (vp8, CodecId.Vp8);
                }
                return null;
            default:
                return null;
        }
    }

    private static SdpRtpCodec? SelectH264(IReadOnlyList<SdpRtpCodec> codecs, GatewayMediaRole role, H264ProfileLevelId? sendProfile)
    {
        // packetization-mode=1 is what carries FU-A and STAP-A; mode 0 would cap NAL size at the MTU.
        var candidates = codecs
            .Where(c => c.IsNamed("H264") && c.ClockRate == 90_000 && c.Parameters.GetValueOrDefault("packetization-mode") == "1")
            .Select(c => (Codec: c, Profile: ProfileOf(c)))
            .ToList();
        if (candidates.Count == 0)
            return null;

        if (role == GatewayMediaRole.Send && sendProfile is { } ours)
        {
            // The peer's decoder must accept the profile we actually send.
            var exact = candidates.FirstOrDefault(c => c.Profile.Profile == ours.Profile).Codec
                ?? candidates.FirstOrDefault(c => ours.IsProfileCompatibleWith(c.Profile)).Codec;
            if (exact is not null)
                return exact;
        }
        return candidates.FirstOrDefault(c => c.Profile == H264ProfileLevelId.ConstrainedBaseline31).Codec
            ?? candidates.FirstOrDefault(c => c.Profile.IsBaselineFamily).Codec
            ?? candidates[0].Codec;
    }

    public static H264ProfileLevelId ProfileOf(SdpRtpCodec codec) =>
        H264ProfileLevelId.TryParse(codec.Parameters.GetValueOrDefault("profile-level-id"), out var profile)
            ? profile
            : H264ProfileLevelId.Default;
}
