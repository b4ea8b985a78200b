using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.Ts;

/// <summary>H265 (stream type 0x24): hvcC from the in-band VPS/SPS/PPS, keyframe = an IRAP picture (IDR, CRA, BLA).</summary>
internal sealed class H265PesReader(TsFrameSink sink) : AnnexBPesReader(sink)
{
    // ITU-T H.265 Table 7-1.
    private const int FirstIrap = 16;
    private const int LastIrap = 23;
    private const int Vps = 32;
    private const int Sps = 33;
    private const int Pps = 34;
    private const int AccessUnitDelimiter = 35;

    private static int TypeOf(ReadOnlySpan<byte> nal) => nal.Length < 2 ? -1 : (nal[0] >> 1) & 0x3F;

    protected override bool IsParameterSet(ReadOnlySpan<byte> nal) => TypeOf(nal) is Vps or Sps or Pps;

    protected override bool IsOutOfBand(ReadOnlySpan<byte> nal) => TypeOf(nal) is Vps or Sps or Pps or AccessUnitDelimiter;

    protected override bool IsRandomAccess(ReadOnlySpan<byte> nal) => TypeOf(nal) is >= FirstIrap and <= LastIrap;

    protected override TrackConfig? BuildConfig(ReadOnlySpan<byte> annexB)
    {
        List<byte[]> vps = [], sps = [], pps = [];
        foreach (var nal in new AnnexBNalEnumerator(annexB))
        {
            var list = TypeOf(nal) switch { Vps => vps, Sps => sps, Pps => pps, _ => null };
            if (list is not null)
                AddDistinct(list, nal);
        }
        if (vps.Count == 0 || sps.Count == 0 || pps.Count == 0 || !HevcSequenceParameterSet.TryParse(sps[0], out var parsed))
            return null;
        var hvcC = HevcDecoderConfigurationRecord.Build(parsed, vps, sps, pps);
        return new TrackConfig(MediaKind.Video, CodecId.H265, hvcC) { Width = parsed.Width, Height = parsed.Height };
    }

    private static void AddDistinct(List<byte[]> units, ReadOnlySpan<byte> nal)
    {
        foreach (var known in units)
            if (nal.SequenceEqual(known))
                return;
        units.Add(nal.ToArray());
    }
}
