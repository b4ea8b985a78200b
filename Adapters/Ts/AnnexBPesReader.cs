using System.Buffers.Binary;
using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.Ts;

/// <summary>
/// Turns one video PES in Annex B (an H264 or H265 access unit) into a canonical frame: NAL units
/// prefixed with 4-byte lengths, parameter sets and delimiters moved out of band into the track
/// config. The config is built from the in-band parameter sets and rebuilt only when they change;
/// access units before the first config and the first random access point are skipped, a decoder
/// could do nothing with them. The frame is written straight into its pooled payload.
/// </summary>
internal abstract class AnnexBPesReader(TsFrameSink sink)
{
    private const int LengthSize = 4;
    /// <summary>avcC and hvcC store each parameter set's length in 16 bits.</summary>
    private const int MaxParameterSetSize = ushort.MaxValue;

    /// <summary>The parameter set NAL units the current config was built from.</summary>
    private readonly List<byte[]> _parameterSets = [];
    private TrackConfig? _config;
    private bool _started;

    protected abstract bool IsParameterSet(ReadOnlySpan<byte> nal);

    /// <summary>NAL units a length-prefixed stream does not carry: parameter sets and access unit delimiters.</summary>
    protected abstract bool IsOutOfBand(ReadOnlySpan<byte> nal);

    /// <summary>A NAL unit a decoder can start from (H264 IDR, H265 IRAP).</summary>
    protected abstract bool IsRandomAccess(ReadOnlySpan<byte> nal);

    /// <summary>The track config for the parameter sets in <paramref name="annexB"/>; null when they are incomplete or unreadable.</summary>
    protected abstract TrackConfig? BuildConfig(ReadOnlySpan<byte> annexB);

    public void Read(ReadOnlySpan<byte> annexB, long dts, long pts)
    {
        var size = 0;
        var keyframe = false;
        var changed = false;
        foreach (var nal in new AnnexBNalEnumerator(annexB))
        {
            if (IsParameterSet(nal))
                changed |= !IsKnown(nal);
            else if (!IsOutOfBand(nal))
            {
                keyframe |= IsRandomAccess(nal);
                size += LengthSize + nal.Length;
            }
        }
        if (changed)
            UpdateConfig(annexB);
        if (_config is null || size == 0 || !(_started || keyframe))
        {
            sink.Skip();
            return;
        }
        _started = true;
        var frame = MediaFrame.Rent(_config, size, dts, pts, keyframe);
        Write(annexB, frame.WritablePayload);
        sink.Publish(frame);
    }

    private void Write(ReadOnlySpan<byte> annexB, Span<byte> destination)
    {
        var offset = 0;
        foreach (var nal in new AnnexBNalEnumerator(annexB))
        {
            if (IsParameterSet(nal) || IsOutOfBand(nal))
                continue;
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], (uint)nal.Length);
            nal.CopyTo(destination[(offset + LengthSize)..]);
            offset += LengthSize + nal.Length;
        }
    }

    private bool IsKnown(ReadOnlySpan<byte> nal)
    {
        foreach (var known in _parameterSets)
            if (nal.SequenceEqual(known))
                return true;
        return false;
    }

    /// <summary>Runs at start and on an encoder change only, so it may allocate.</summary>
    private void UpdateConfig(ReadOnlySpan<byte> annexB)
    {
        foreach (var nal in new AnnexBNalEnumerator(annexB))
            if (IsParameterSet(nal) && nal.Length > MaxParameterSetSize)
                return; // no decoder configuration record can hold it: damage, or a hostile sender
        var config = BuildConfig(annexB);
        if (config is null)
            return; // keep the previous config: the next keyframe repeats the sets
        _parameterSets.Clear();
        foreach (var nal in new AnnexBNalEnumerator(annexB))
            if (IsParameterSet(nal))
                _parameterSets.Add(nal.ToArray());
        if (config.IsEquivalentTo(_config))
            return;
        _config = config;
        sink.ConfigChanged(config);
    }
}
