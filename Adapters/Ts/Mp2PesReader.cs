using InteropGateway.Codecs.Containers.MpegTs;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.Ts;

/// <summary>MPEG audio Layer II (stream type 0x03/0x04): the PES cut into single frames, timed from the PES by 1152 samples each.</summary>
internal sealed class Mp2PesReader(TsFrameSink sink)
{
    private TrackConfig? _config;

    public void Read(ReadOnlySpan<byte> data, long pts)
    {
        var index = 0;
        while (MpegAudioFrameHeader.TryRead(data, out var header) && header.FrameLength <= data.Length)
        {
            if (_config is null || _config.SampleRate != header.SampleRate || _config.Channels != header.Channels)
            {
                _config = new TrackConfig(MediaKind.Audio, CodecId.Mp2, ReadOnlyMemory<byte>.Empty) { SampleRate = header.SampleRate, Channels = header.Channels };
                sink.ConfigChanged(_config);
            }
            var timestamp = pts + (long)index * header.SamplesPerFrame * Timebase.TicksPerSecond / header.SampleRate;
            sink.Publish(MediaFrame.Copy(_config, data[..header.FrameLength], timestamp, timestamp, isKeyframe: true));
            index++;
            data = data[header.FrameLength..];
        }
        if (!data.IsEmpty)
            sink.Skip(); // a partial or damaged frame at the end of the PES
    }
}
