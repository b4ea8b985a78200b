using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.WebRtc.Rtp;

/// <summary>
/// Keeps the latest in-band SPS and PPS of a received H264 stream and turns them into a
/// TrackConfig (avcC extradata, picture size), making a new instance only when they change.
/// Copies a parameter set only when it differs from the one held: repeats before each IDR cost a compare.
/// </summary>
internal sealed class H264ParameterSetTracker
{
    private byte[]? _sps;
    private byte[]? _pps;
    private bool _changed;

    public TrackConfig? Track { get; private set; }

    public void Observe(ReadOnlySpan<byte> nal)
    {
        switch (H264NalUnit.TypeOf(nal))
        {
            case H264NalUnitType.Sps:
                Store(ref _sps, nal);
                break;
            case H264NalUnitType.Pps:
                Store(ref _pps, nal);
                break;
        }
    }

    /// <summary>Rebuilds the track if a parameter set changed; true when <see cref="Track"/> is a new instance.</summary>
    public bool Commit()
    {
        if (!_changed || _sps is null || _pps is null)
            return false;
        _changed = false;
        if (!H264SequenceParameterSet.TryParse(_sps, out var sps))
            return false;
        var record = AvcDecoderConfigurationRecord.Build([_sps], [_pps]);
        var track = new TrackConfig(MediaKind.Video, CodecId.H264, record) { Width = sps.Width, Height = sps.Height };
        if (track.IsEquivalentTo(Track))
            return false;
        Track = track;
        return true;
    }

    private void Store(ref byte[]? held, ReadOnlySpan<byte> nal)
    {
        if (held is not null && nal.SequenceEqual(held))
            return;
        held = nal.ToArray();
        _changed = true;
    }
}
