using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Native;

namespace InteropGateway.Codecs.Transcoding;

/// <summary>
/// The decoding half of a video branch: one FFmpeg decoder for the source track, opened from the
/// track's extradata and reopened when a new <see cref="TrackConfig"/> brings different extradata
/// (new SPS). After (re)opening it waits for a keyframe, so a decoder never starts on a P-frame.
/// Bad input never throws: it comes back as <see cref="VideoDecodeOutcome.Corrupt"/>.
/// </summary>
internal sealed class VideoSourceDecoder : IDisposable
{
    private readonly CodecId _codec;
    private readonly string _decoderName;
    private Decoder? _decoder;
    private TrackConfig? _config;
    private bool _configUnusable;
    private bool _awaitingKeyframe = true;
    private int _nalLengthSize;
    private (int Width, int Height) _inBandSize;

    public VideoSourceDecoder(CodecId codec)
    {
        _codec = codec;
        _decoderName = VideoCodecNames.Decoder(codec) ?? throw new NotSupportedException($"no video decoder for {codec.Name()}");
    }

    /// <summary>
    /// True when <paramref name="frame"/> needs a new decoder: its track brings different extradata
    /// (new SPS), or, for MPEG-1, its in-band sequence header a different picture size.
    /// </summary>
    public bool NeedsReopen(MediaFrame frame)
    {
        var sizeChanged = false;
        if (_codec == CodecId.Mpeg1Video && frame.IsKeyframe
            && Mpeg1SequenceHeader.TryReadSize(frame.Payload.Span, out var width, out var height))
        {
            sizeChanged = _inBandSize != default && _inBandSize != (width, height);
            _inBandSize = (width, height);
        }
        var track = frame.Track;
        if (sizeChanged || _config is null)
            return true;
        if (ReferenceEquals(track, _config))
            return false;
        if (!track.IsEquivalentTo(_config))
            return true;
        _config = track; // same bytes in a new instance: remember it, so later frames compare by reference
        return false;
    }

    /// <summary>
    /// Opens a decoder for <paramref name="track"/> (call <see cref="SendEndOfStream"/> and drain the
    /// old one first). An extradata FFmpeg refuses leaves it closed: its frames are then reported corrupt.
    /// </summary>
    public void Open(TrackConfig track)
    {
        _decoder?.Dispose();
        _decoder = null;
        _config = track;
        _awaitingKeyframe = true;
        _nalLengthSize = LengthPrefixSize(track);
        try
        {
            _configUnusable = _nalLengthSize < 0;
            if (!_configUnusable)
                _decoder = Decoder.Open(_decoderName, track.Extradata.Span);
        }
        catch (FFmpegException)
        {
            _configUnusable = true;
        }
    }

    /// <summary>Sends one access unit; pictures then come out of <see cref="Receive"/>.</summary>
    public VideoDecodeOutcome Send(MediaFrame frame)
    {
        if (_configUnusable || _decoder is null)
            return VideoDecodeOutcome.Corrupt;
        if (_awaitingKeyframe)
        {
            if (!frame.IsKeyframe)
                return VideoDecodeOutcome.Skipped;
            _awaitingKeyframe = false;
        }
        var payload = frame.Payload.Span;
        if (_nalLengthSize > 0 && !IsWellFormedLengthPrefixed(payload, _nalLengthSize))
            return VideoDecodeOutcome.Corrupt; // caught here, before FFmpeg logs about it
        return _decoder.Send(payload, frame.Pts, frame.Dts, frame.IsKeyframe).IsError
            ? VideoDecodeOutcome.Corrupt
            : VideoDecodeOutcome.Sent;
    }

    /// <summary>Starts draining: the pictures still inside come out of <see cref="Receive"/>.</summary>
    public void SendEndOfStream() => _decoder?.SendEndOfStream();

    /// <summary>Receives one picture; EAGAIN/EOF when none is ready, an error when the data was bad.</summary>
    public AvResult Receive(AvFrame picture) =>
        _decoder is null ? new AvResult(AvError.EndOfFile) : _decoder.Receive(picture);

    /// <summary>Closes the decoder after the stream ended; the next frame opens a new one.</summary>
    public void Close()
    {
        _decoder?.Dispose();
        _decoder = null;
        _config = null;
    }

    public void Dispose() => Close();

    /// <summary>NAL length prefix size for AVCC/HVCC sources, 0 for codecs without one, -1 for an unusable config.</summary>
    private int LengthPrefixSize(TrackConfig track)
    {
        switch (_codec)
        {
            case CodecId.H264:
                return AvcDecoderConfigurationRecord.TryParse(track.Extradata, out var avcC) ? avcC.NalLengthSize : -1;
            case CodecId.H265:
                // hvcC: lengthSizeMinusOne is the low 2 bits of byte 21 (ISO/IEC 14496-15 §8.3.3.1).
                var hvcC = track.Extradata.Span;
                return hvcC.Length >= 23 && hvcC[0] == 1 ? (hvcC[21] & 3) + 1 : -1;
            default:
                return 0;
        }
    }

    private static bool IsWellFormedLengthPrefixed(ReadOnlySpan<byte> payload, int lengthSize)
    {
        if (lengthSize == 3)
            return false;
        var nals = new AvccNalEnumerator(payload, lengthSize);
        var count = 0;
        while (nals.MoveNext())
            count++;
        return count > 0 && !nals.IsMalformed;
    }
}

internal enum VideoDecodeOutcome
{
    /// <summary>Accepted by the decoder.</summary>
    Sent,
    /// <summary>Not sent: waiting for a keyframe after (re)opening.</summary>
    Skipped,
    /// <summary>Rejected: malformed, refused by the decoder, or no usable decoder config.</summary>
    Corrupt,
}
