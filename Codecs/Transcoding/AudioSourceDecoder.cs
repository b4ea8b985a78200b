using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Native;

namespace InteropGateway.Codecs.Transcoding;

/// <summary>Opens the FFmpeg decoder for a source audio track from its canonical config (DESIGN §3 "Media model").</summary>
internal static class AudioSourceDecoder
{
    // Raw Opus without an OpusHead carries no channel count: assume the WebRTC default, stereo 48 kHz.
    private static readonly IReadOnlyDictionary<string, string> OpusWithoutHead = new Dictionary<string, string>
    {
        ["ch_layout"] = "stereo",
        ["ar"] = "48000",
    };

    public static bool IsSupportedSource(CodecId codec) => codec is CodecId.Aac or CodecId.Opus or CodecId.Mp2;

    public static Decoder Open(TrackConfig track) => track.Codec switch
    {
        // Raw AAC access units are undecodable without their AudioSpecificConfig.
        CodecId.Aac => Decoder.Open("aac", track.Extradata.Span),
        CodecId.Opus => OpusHead.TryParse(track.Extradata.Span, out _)
            ? Decoder.Open("opus", track.Extradata.Span)
            : Decoder.Open("opus", default, OpusWithoutHead),
        // MP2 frames are self-describing; "mp2" is the fixed-point decoder.
        CodecId.Mp2 => Decoder.Open("mp2"),
        _ => throw new NotSupportedException($"no audio decoder for {track.Codec.Name()}"),
    };
}
