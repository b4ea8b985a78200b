using System.Globalization;

namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>The H.264 profiles WebRTC negotiates, grouped as in libwebrtc's h264_profile_level_id.</summary>
public enum H264Profile
{
    Other,
    ConstrainedBaseline,
    Baseline,
    Main,
    ConstrainedHigh,
    High,
}

/// <summary>
/// RFC 6184 §8.1 <c>profile-level-id</c>: profile_idc, the constraint flags byte (profile-iop) and
/// level_idc as six hex digits, e.g. 42e01f = constrained baseline level 3.1.
/// </summary>
public readonly record struct H264ProfileLevelId(byte ProfileIdc, byte ProfileIop, byte LevelIdc)
{
    /// <summary>RFC 6184's default when the fmtp does not say: baseline level 1.0.</summary>
    public static readonly H264ProfileLevelId Default = new(0x42, 0x00, 0x0A);
    public static readonly H264ProfileLevelId ConstrainedBaseline31 = new(0x42, 0xE0, 0x1F);

    public static bool TryParse(string? text, out H264ProfileLevelId value)
    {
        value = default;
        if (text is null || text.Length != 6 || !uint.TryParse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var bits))
            return false;
        value = new H264ProfileLevelId((byte)(bits >> 16), (byte)(bits >> 8), (byte)bits);
        return true;
    }

    /// <summary>From the first three bytes after the NAL header of an SPS (or avcC bytes 1..3).</summary>
    public static H264ProfileLevelId FromSps(ReadOnlySpan<byte> spsWithHeader) =>
        new(spsWithHeader[1], spsWithHeader[2], spsWithHeader[3]);

    public H264Profile Profile => ProfileIdc switch
    {
        0x42 when (ProfileIop & 0x40) != 0 => H264Profile.ConstrainedBaseline,
        0x4D when (ProfileIop & 0x80) != 0 => H264Profile.ConstrainedBaseline,
        0x58 when (ProfileIop & 0xC0) == 0xC0 => H264Profile.ConstrainedBaseline,
        0x42 or 0x58 => H264Profile.Baseline,
        0x4D => H264Profile.Main,
        0x64 when (ProfileIop & 0x0C) == 0x0C => H264Profile.ConstrainedHigh,
        0x64 => H264Profile.High,
        _ => H264Profile.Other,
    };

    /// <summary>Baseline and constrained baseline: what every WebRTC H264 decoder and encoder handles.</summary>
    public bool IsBaselineFamily => Profile is H264Profile.ConstrainedBaseline or H264Profile.Baseline;

    /// <summary>
    /// True when a decoder negotiated for <paramref name="other"/> can take a stream of this profile:
    /// same profile, with the baseline pair and the high pair treated as one family each.
    /// </summary>
    public bool IsProfileCompatibleWith(H264ProfileLevelId other) =>
        Profile == other.Profile ||
        (IsBaselineFamily && other.IsBaselineFamily) ||
        (Profile is H264Profile.High or H264Profile.ConstrainedHigh && other.Profile is H264Profile.High or H264Profile.ConstrainedHigh) ||
        (Profile == H264Profile.Other && ProfileIdc == other.ProfileIdc);

    public override string ToString() => $"{ProfileIdc:x2}{ProfileIop:x2}{LevelIdc:x2}";
}
