namespace InteropGateway.Codecs.Bitstream;

/// <summary>
/// Finds the SPS and PPS in Annex B data (encoder extradata, or a keyframe carrying them in band)
/// and turns them into an AVCDecoderConfigurationRecord: the out-of-band form of the canonical
/// H264 track. Runs once per configuration change, not per frame, so it may allocate the result.
/// </summary>
public static class H264ParameterSets
{
    /// <summary>
    /// Builds an avcC (4-byte NAL lengths; profile, compatibility and level copied from the first
    /// SPS) from every distinct SPS and PPS in <paramref name="annexB"/>. False when either kind is
    /// missing or the first SPS does not parse.
    /// </summary>
    public static bool TryBuildRecordFromAnnexB(ReadOnlySpan<byte> annexB, out byte[] avcDecoderConfigurationRecord)
    {
        avcDecoderConfigurationRecord = [];
        List<ReadOnlyMemory<byte>>? sps = null, pps = null;
        foreach (var nal in new AnnexBNalEnumerator(annexB))
        {
            switch (H264NalUnit.TypeOf(nal))
            {
                case H264NalUnitType.Sps:
                    AddDistinct(ref sps, nal);
                    break;
                case H264NalUnitType.Pps:
                    AddDistinct(ref pps, nal);
                    break;
            }
        }
        if (sps is null || pps is null || !H264SequenceParameterSet.TryParse(sps[0].Span, out _))
            return false;
        if (sps.Count > 31 || pps.Count > 255)
            return false;
        avcDecoderConfigurationRecord = AvcDecoderConfigurationRecord.Build(sps, pps);
        return true;
    }

    /// <summary>True when <paramref name="annexB"/> holds at least one SPS or PPS NAL unit.</summary>
    public static bool ContainsParameterSets(ReadOnlySpan<byte> annexB)
    {
        foreach (var nal in new AnnexBNalEnumerator(annexB))
            if (H264NalUnit.TypeOf(nal) is H264NalUnitType.Sps or H264NalUnitType.Pps)
                return true;
        return false;
    }

    /// <summary>True when the AVCC sample holds an IDR slice: a point where a decoder can start.</summary>
    public static bool ContainsIdr(ReadOnlySpan<byte> avcc, int nalLengthSize = 4)
    {
        foreach (var nal in new AvccNalEnumerator(avcc, nalLengthSize))
            if (H264NalUnit.TypeOf(nal) == H264NalUnitType.Idr)
                return true;
        return false;
    }

    private static void AddDistinct(ref List<ReadOnlyMemory<byte>>? sets, ReadOnlySpan<byte> nal)
    {
        sets ??= [];
        foreach (var existing in sets)
            if (existing.Span.SequenceEqual(nal))
                return;
        sets.Add(nal.ToArray());
    }
}
