using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Codecs.Containers.MpegTs;

/// <summary>
/// Turns a canonical payload into what a TS elementary stream carries: H264/H265 in Annex B with an
/// access unit delimiter and the parameter sets before each keyframe, AAC behind an ADTS header,
/// Opus behind its TS control header. MPEG-1 pictures and MP2 frames go as they are. Works in a
/// scratch buffer that grows to the largest frame seen and is then reused.
/// </summary>
public sealed class ElementaryStreamFormatter
{
    private static ReadOnlySpan<byte> StartCode => [0, 0, 0, 1];
    private static ReadOnlySpan<byte> H264Aud => [0, 0, 0, 1, 0x09, 0xF0];
    private static ReadOnlySpan<byte> H265Aud => [0, 0, 0, 1, 0x46, 0x01, 0x50];

    // Empty until a codec needs reformatting: MPEG-1 and MP2 (every H5 viewer's muxer) never do.
    private byte[] _scratch = [];
    // One per kind: frames of the two tracks interleave, and each config is parsed once, not per switch.
    private TrackConfig? _videoParsedFor;
    private TrackConfig? _audioParsedFor;
    private AvcDecoderConfigurationRecord? _avc;
    private HevcDecoderConfigurationRecord? _hevc;
    private AudioSpecificConfig _asc;

    /// <summary>The ES bytes of <paramref name="frame"/>; valid until the next call. Empty when the payload is malformed.</summary>
    public ReadOnlySpan<byte> Format(MediaFrame frame)
    {
        var payload = frame.Payload.Span;
        switch (frame.Codec)
        {
            case CodecId.Mpeg1Video:
            case CodecId.Mp2:
                return payload;
            case CodecId.H264:
                ParseConfig(frame.Track);
                return FormatH264(payload, frame.IsKeyframe);
            case CodecId.H265:
                ParseConfig(frame.Track);
                return FormatH265(payload, frame.IsKeyframe);
            case CodecId.Aac:
                ParseConfig(frame.Track);
                return FormatAac(payload);
            case CodecId.Opus:
                return FormatOpus(payload);
            default:
                return [];
        }
    }

    private void ParseConfig(TrackConfig track)
    {
        ref var parsedFor = ref track.Kind == MediaKind.Video ? ref _videoParsedFor : ref _audioParsedFor;
        if (ReferenceEquals(track, parsedFor))
            return;
        parsedFor = track;
        if (track.Kind == MediaKind.Video)
        {
            _avc = null;
            _hevc = null;
        }
        switch (track.Codec)
        {
            case CodecId.H264 when AvcDecoderConfigurationRecord.TryParse(track.Extradata, out var avc):
                _avc = avc;
                break;
            case CodecId.H265 when HevcDecoderConfigurationRecord.TryParse(track.Extradata, out var hevc):
                _hevc = hevc;
                break;
            case CodecId.Aac:
                if (!AudioSpecificConfig.TryParse(track.Extradata.Span, out _asc))
                    _asc = new AudioSpecificConfig(2, track.SampleRate > 0 ? track.SampleRate : 48_000, Math.Max(1, track.Channels), 0);
                break;
        }
    }

    private ReadOnlySpan<byte> FormatH264(ReadOnlySpan<byte> avcc, bool keyframe)
    {
        var nalLengthSize = _avc?.NalLengthSize ?? 4;
        var converted = AvccToAnnexB.MeasureConverted(avcc, nalLengthSize);
        if (converted < 0)
            return [];
        var parameterSets = keyframe && _avc is not null ? AvccToAnnexB.MeasureParameterSets(_avc) : 0;
        var buffer = Reserve(H264Aud.Length + parameterSets + converted);
        H264Aud.CopyTo(buffer);
        var written = H264Aud.Length;
        if (parameterSets > 0)
            written += AvccToAnnexB.WriteParameterSets(_avc!, buffer[written..]);
        AvccToAnnexB.TryConvert(avcc, buffer[written..], out var body, nalLengthSize);
        return buffer[..(written + body)];
    }

    private ReadOnlySpan<byte> FormatH265(ReadOnlySpan<byte> hvcc, bool keyframe)
    {
        var nalLengthSize = _hevc?.NalLengthSize ?? 4;
        var converted = AvccToAnnexB.MeasureConverted(hvcc, nalLengthSize);
        if (converted < 0)
            return [];
        var parameterSets = 0;
        if (keyframe && _hevc is not null)
            foreach (var set in _hevc.ParameterSets)
                parameterSets += StartCode.Length + set.Length;
        var buffer = Reserve(H265Aud.Length + parameterSets + converted);
        H265Aud.CopyTo(buffer);
        var written = H265Aud.Length;
        if (parameterSets > 0)
        {
            foreach (var set in _hevc!.ParameterSets)
            {
                StartCode.CopyTo(buffer[written..]);
                set.Span.CopyTo(buffer[(written + StartCode.Length)..]);
                written += StartCode.Length + set.Length;
            }
        }
        AvccToAnnexB.TryConvert(hvcc, buffer[written..], out var body, nalLengthSize);
        return buffer[..(written + body)];
    }

    private ReadOnlySpan<byte> FormatAac(ReadOnlySpan<byte> raw)
    {
        var buffer = Reserve(AdtsHeader.Size + raw.Length);
        AdtsHeader.Write(buffer, _asc.ObjectType, _asc.SampleRate, _asc.ChannelConfiguration, raw.Length);
        raw.CopyTo(buffer[AdtsHeader.Size..]);
        return buffer[..(AdtsHeader.Size + raw.Length)];
    }

    /// <summary>Opus in TS: each packet behind a control header 0x7FE0 and its size in 0xFF-run form (ETSI TS 102 366 annex).</summary>
    private ReadOnlySpan<byte> FormatOpus(ReadOnlySpan<byte> packet)
    {
        var sizeBytes = packet.Length / 255 + 1;
        var buffer = Reserve(2 + sizeBytes + packet.Length);
        buffer[0] = 0x7F;
        buffer[1] = 0xE0;
        var offset = 2;
        for (var left = packet.Length; ; left -= 255)
        {
            buffer[offset++] = (byte)Math.Min(left, 255);
            if (left < 255)
                break;
        }
        packet.CopyTo(buffer[offset..]);
        return buffer[..(offset + packet.Length)];
    }

    private Span<byte> Reserve(int size)
    {
        if (_scratch.Length < size)
            _scratch = new byte[Math.Max(size, _scratch.Length * 2)]; // grows to the largest frame, then stays
        return _scratch;
    }
}
