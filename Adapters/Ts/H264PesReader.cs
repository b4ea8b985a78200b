using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.Ts;

/// <summary>H264 (stream type 0x1B): avcC from the in-band SPS/PPS, keyframe = an IDR slice.</summary>
internal sealed class H264PesReader(TsFrameSink sink) : AnnexBPesReader(sink)
{
    protected override bool IsParameterSet(ReadOnlySpan<byte> nal) =>
        H264NalUnit.TypeOf(nal) is H264NalUnitType.Sps or H264NalUnitType.Pps;

    protected override bool IsOutOfBand(ReadOnlySpan<byte> nal) =>
        H264NalUnit.IsParameterSetOrDelimiter(H264NalUnit.TypeOf(nal));

    protected override bool IsRandomAccess(ReadOnlySpan<byte> nal) =>
        H264NalUnit.TypeOf(nal) == H264NalUnitType.Idr;

    protected override TrackConfig? BuildConfig(ReadOnlySpan<byte> annexB)
    {
        if (!H264ParameterSets.TryBuildRecordFromAnnexB(annexB, out var avcC))
            return null;
        foreach (var nal in new AnnexBNalEnumerator(annexB))
        {
            if (H264NalUnit.TypeOf(nal) != H264NalUnitType.Sps)
                continue;
            H264SequenceParameterSet.TryParse(nal, out var sps); // parsed already by TryBuildRecordFromAnnexB
            return new TrackConfig(MediaKind.Video, CodecId.H264, avcC) { Width = sps.Width, Height = sps.Height };
        }
        return null;
    }
}
