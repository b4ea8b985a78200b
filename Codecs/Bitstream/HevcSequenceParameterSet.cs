namespace InteropGateway.Codecs.Bitstream;

/// <summary>
/// The fields of an H265 SPS (ITU-T H.265 §7.3.2.2) an hvcC and a track config need: the general
/// profile_tier_level bytes, chroma format, bit depths and the cropped picture size. Reading stops
/// after the bit depths.
/// </summary>
public readonly record struct HevcSequenceParameterSet(
    byte[] GeneralProfileTierLevel,
    int MaxSubLayers,
    bool TemporalIdNesting,
    int ChromaFormatIdc,
    int BitDepthLuma,
    int BitDepthChroma,
    int Width,
    int Height)
{
    /// <summary>general_profile_space .. general_level_idc: 12 bytes, copied as is into the hvcC.</summary>
    public const int GeneralProfileTierLevelSize = 12;
    private const int NalHeaderSize = 2;
    private const int MaxSubLayersCap = 7;

    /// <summary>Parses an SPS NAL unit (2-byte header first, emulation prevention bytes present). Runs once per config, so it allocates its RBSP copy.</summary>
    public static bool TryParse(ReadOnlySpan<byte> nal, out HevcSequenceParameterSet sps)
    {
        sps = default;
        if (nal.Length < NalHeaderSize + 1 + GeneralProfileTierLevelSize)
            return false;
        var rbsp = new byte[nal.Length];
        var length = EmulationPrevention.RemoveTo(nal[NalHeaderSize..], rbsp);
        var bits = new BitReader(rbsp.AsSpan(0, length));
        bits.SkipBits(4); // sps_video_parameter_set_id
        var maxSubLayersMinus1 = (int)bits.ReadBits(3);
        var nesting = bits.ReadBit();
        var profileTierLevel = rbsp.AsSpan(1, GeneralProfileTierLevelSize).ToArray();
        bits.SkipBits(GeneralProfileTierLevelSize * 8);
        SkipSubLayers(ref bits, maxSubLayersMinus1);
        bits.ReadUe(); // sps_seq_parameter_set_id
        var chroma = (int)bits.ReadUe();
        if (chroma == 3)
            bits.SkipBits(1); // separate_colour_plane_flag
        var width = (int)bits.ReadUe();
        var height = (int)bits.ReadUe();
        if (bits.ReadBit()) // conformance_window_flag: offsets in chroma sample units
        {
            var (subWidth, subHeight) = chroma switch { 1 => (2, 2), 2 => (2, 1), _ => (1, 1) };
            width -= subWidth * (int)(bits.ReadUe() + bits.ReadUe());
            height -= subHeight * (int)(bits.ReadUe() + bits.ReadUe());
        }
        var bitDepthLuma = 8 + (int)bits.ReadUe();
        var bitDepthChroma = 8 + (int)bits.ReadUe();
        if (bits.IsOverrun || chroma > 3 || width <= 0 || height <= 0 || bitDepthLuma > 16 || bitDepthChroma > 16)
            return false;
        sps = new HevcSequenceParameterSet(profileTierLevel, maxSubLayersMinus1 + 1, nesting, chroma, bitDepthLuma, bitDepthChroma, width, height);
        return true;
    }

    /// <summary>The sub-layer part of profile_tier_level (§7.3.3): flags, alignment, then 88 profile bits and 8 level bits per present sub-layer.</summary>
    private static void SkipSubLayers(ref BitReader bits, int maxSubLayersMinus1)
    {
        if (maxSubLayersMinus1 == 0)
            return;
        Span<bool> profilePresent = stackalloc bool[MaxSubLayersCap];
        Span<bool> levelPresent = stackalloc bool[MaxSubLayersCap];
        for (var i = 0; i < maxSubLayersMinus1; i++)
        {
            profilePresent[i] = bits.ReadBit();
            levelPresent[i] = bits.ReadBit();
        }
        bits.SkipBits(2 * (8 - maxSubLayersMinus1)); // reserved_zero_2bits up to 8 entries
        for (var i = 0; i < maxSubLayersMinus1; i++)
        {
            if (profilePresent[i])
                bits.SkipBits(88);
            if (levelPresent[i])
                bits.SkipBits(8);
        }
    }
}
