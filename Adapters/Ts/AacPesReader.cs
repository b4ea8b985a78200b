using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Containers.MpegTs;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.Ts;

/// <summary>
/// AAC in ADTS (stream type 0x0F): a PES holds one or more ADTS frames (ffmpeg packs several); each
/// becomes one raw access unit, timed from the PES timestamp by 1024 samples per frame. The
/// AudioSpecificConfig comes from the ADTS header and is rebuilt only when it changes.
/// </summary>
internal sealed class AacPesReader(TsFrameSink sink)
{
    private const int SamplesPerFrame = 1024;

    private TrackConfig? _config;
    private (int ObjectType, int SampleRate, int Channels) _configFor;

    public void Read(ReadOnlySpan<byte> data, long pts)
    {
        var index = 0;
        while (AdtsHeader.TryRead(data, out var frameLength, out var headerSize, out var objectType, out var sampleRate, out var channels)
               && frameLength <= data.Length)
        {
            var rawBlocks = (data[6] & 0x03) + 1;
            var raw = data[headerSize..frameLength];
            data = data[frameLength..];
            if (raw.IsEmpty || rawBlocks != 1)
            {
                sink.Skip(); // several raw_data_blocks are not one access unit; encoders in practice never send them
                continue;
            }
            var config = ConfigFor(objectType, sampleRate, channels);
            var timestamp = pts + (long)index * SamplesPerFrame * Timebase.TicksPerSecond / sampleRate;
            sink.Publish(MediaFrame.Copy(config, raw, timestamp, timestamp, isKeyframe: true));
            index++;
        }
        if (!data.IsEmpty)
            sink.Skip(); // a partial or damaged frame at the end of the PES
    }

    private TrackConfig ConfigFor(int objectType, int sampleRate, int channels)
    {
        if (_config is not null && _configFor == (objectType, sampleRate, channels))
            return _config;
        _configFor = (objectType, sampleRate, channels);
        _config = new TrackConfig(MediaKind.Audio, CodecId.Aac, AudioSpecificConfig.Build(objectType, sampleRate, channels))
        {
            SampleRate = sampleRate,
            Channels = channels == 7 ? 8 : channels,
        };
        sink.ConfigChanged(_config);
        return _config;
    }
}
