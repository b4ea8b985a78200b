namespace InteropGateway.Codecs.Bitstream;

/// <summary>H.264 nal_unit_type values (Table 7-1) the gateway acts on.</summary>
public enum H264NalUnitType
{
    Slice = 1,
    Idr = 5,
    Sei = 6,
    Sps = 7,
    Pps = 8,
    AccessUnitDelimiter = 9,
    EndOfSequence = 10,
    EndOfStream = 11,
    Filler = 12,
}

/// <summary>Small questions asked of one H.264 NAL unit (header byte first, no start code or length).</summary>
public static class H264NalUnit
{
    public static H264NalUnitType TypeOf(ReadOnlySpan<byte> nal) =>
        nal.IsEmpty ? 0 : (H264NalUnitType)(nal[0] & 0x1F);

    /// <summary>
    /// SPS, PPS and access unit delimiters: the first two travel out of band in the avcC, the last
    /// carries nothing a length-prefixed stream needs.
    /// </summary>
    public static bool IsParameterSetOrDelimiter(H264NalUnitType type) =>
        type is H264NalUnitType.Sps or H264NalUnitType.Pps or H264NalUnitType.AccessUnitDelimiter;
}
