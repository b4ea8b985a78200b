using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Native;

namespace InteropGateway.Codecs.Transcoding;

/// <summary>
/// How each audio target is encoded: which FFmpeg encoder, at which rate, in which sample format.
/// Decided from the first decoded source frame and then fixed for the life of the output track.
/// </summary>
internal sealed record AudioEncoderChoice(
    CodecId Codec,
    string EncoderName,
    SampleFormat SampleFormat,
    int SampleRate,
    int Channels,
    long BitRate,
    IReadOnlyDictionary<string, string> Options)
{
    /// <summary>Rates FFmpeg's native AAC encoder accepts (the indexed rates of ISO 14496-3).</summary>
    private static readonly int[] AacRates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];
    /// <summary>MPEG-1 Layer II rates, then the MPEG-2 LSF half rates.</summary>
    private static readonly int[] Mp2Rates = [44100, 48000, 32000, 22050, 24000, 16000];
    /// <summary>Layer II bitrates (kbit/s) of MPEG-1 and of MPEG-2 LSF: FFmpeg's mp2 encoder rejects any other.</summary>
    private static readonly int[] Mp2BitRates = [32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384];
    private static readonly int[] Mp2LsfBitRates = [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

    private static readonly IReadOnlyDictionary<string, string> NoOptions = new Dictionary<string, string>();
    private static readonly IReadOnlyDictionary<string, string> OpusOptions = new Dictionary<string, string>
    {
        ["frame_duration"] = "20", // 960 samples: the WebRTC norm
        ["application"] = "audio",
    };

    public static bool IsSupportedTarget(CodecId codec) => codec is CodecId.Aac or CodecId.Opus or CodecId.Mp2;

    /// <param name="sourceRate">Rate of the decoded source.</param>
    /// <param name="sourceChannels">Channels of the decoded source: mono stays mono, anything else becomes stereo.</param>
    public static AudioEncoderChoice For(CodecId target, int sourceRate, int sourceChannels, TranscodeSettings settings)
    {
        var channels = sourceChannels == 1 ? 1 : 2;
        return target switch
        {
            // Opus runs at 48 kHz whatever the source (RFC 7587 RTP clock, and what browsers expect).
            CodecId.Opus => new(target, "libopus", SampleFormat.Flt, 48_000, channels, settings.OpusBitRate, OpusOptions),
            CodecId.Aac => new(target, "aac", SampleFormat.FltP,
                AacRates.Contains(sourceRate) ? sourceRate : 48_000, channels, settings.AacBitRate, NoOptions),
            CodecId.Mp2 => Mp2(sourceRate, channels, settings.Mp2BitRate),
            _ => throw new NotSupportedException($"no audio encoder for {target.Name()}"),
        };
    }

    private static AudioEncoderChoice Mp2(int sourceRate, int channels, int requestedBitRate)
    {
        var rate = Mp2Rates.Contains(sourceRate) ? sourceRate : 44_100;
        var table = rate >= 32_000 ? Mp2BitRates : Mp2LsfBitRates;
        var bitRate = NearestAllowed(table, requestedBitRate / 1000) * 1000;
        return new(CodecId.Mp2, "mp2", SampleFormat.S16, rate, channels, bitRate, NoOptions);
    }

    /// <summary>The highest allowed value not above <paramref name="wanted"/> (the lowest if all are above).</summary>
    private static int NearestAllowed(int[] allowed, int wanted)
    {
        var best = allowed[0];
        foreach (var value in allowed)
        {
            if (value <= wanted)
                best = value;
        }
        return best;
    }
}
