using System.Buffers;
using InteropGateway.Adapters.Rtmp.Flv;
using InteropGateway.Adapters.Rtmp.Protocol;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.Rtmp.Egress;

/// <summary>
/// The onMetaData a player gets before the first frame, built from the stream's track configs
/// (the publisher's own metadata may be missing, as mini-program pushers send none, or stale after
/// a publisher change). flv.js and live-player read size and codecs from it.
/// </summary>
internal static class FlvMetadata
{
    private const double AvcCodecId = 7;
    private const double AacSoundFormat = 10;

    public static byte[] Describe(TrackConfig? video, TrackConfig? audio)
    {
        var properties = new AmfObject();
        if (video is { Codec: CodecId.H264 })
        {
            properties.Set("width", (double)video.Width).Set("height", (double)video.Height).Set("videocodecid", AvcCodecId);
        }
        if (audio is { Codec: CodecId.Aac })
        {
            properties.Set("audiocodecid", AacSoundFormat).Set("audiosamplerate", (double)audio.SampleRate)
                .Set("stereo", audio.Channels > 1);
        }
        properties.Set("encoder", "InteropGateway");
        var body = new ArrayBufferWriter<byte>(128);
        RtmpDataMessage.WriteOnMetaData(body, properties);
        return body.WrittenSpan.ToArray();
    }
}
