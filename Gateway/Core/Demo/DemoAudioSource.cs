using System.Runtime.InteropServices;
using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Native;
using InteropGateway.Codecs.Synthetic;
using InteropGateway.Codecs.Transcoding;

namespace InteropGateway.Core.Demo;

/// <summary>
/// The demo's sound: the tone generator's once-a-second beep, encoded with FFmpeg's native AAC
/// encoder (48 kHz stereo, AudioSpecificConfig out of band) into the canonical AAC track.
/// </summary>
internal sealed class DemoAudioSource : IDisposable
{
    public const int SampleRate = 48_000;
    public const int Channels = 2;

    private readonly ToneGenerator _tone = new(SampleRate, 1);
    private readonly Encoder _encoder;
    private readonly AvFrame _samples = new();
    private readonly AvPacket _packet = new();
    private readonly int _frameSize;

    public DemoAudioSource(DemoOptions options)
    {
        _encoder = Encoder.Open("aac", EncoderSettings.Audio(SampleRate, Channels, SampleFormat.FltP, options.AudioBitRate) with { GlobalHeader = true });
        _frameSize = _encoder.FrameSize;
        _samples.AllocateAudio(SampleFormat.FltP, Channels, SampleRate, _frameSize);
        Track = new TrackConfig(MediaKind.Audio, CodecId.Aac, _encoder.Extradata) { SampleRate = SampleRate, Channels = Channels };
    }

    public TrackConfig Track { get; }

    /// <summary>Sample index (per channel) of the next encoder frame on the stream's media timeline.</summary>
    public long Next { get; private set; }

    public long TimeOf(long sample) => sample * Timebase.TicksPerSecond / SampleRate;

    /// <summary>Moves to the encoder frame due at <paramref name="mediaTime"/> (whole frames, so packets stay aligned).</summary>
    public void SkipTo(long mediaTime)
    {
        var sample = mediaTime * SampleRate / Timebase.TicksPerSecond;
        Next = sample / _frameSize * _frameSize;
    }

    /// <summary>
    /// Generates and encodes the next encoder frame of samples. The tone runs on the clock's
    /// timeline (<paramref name="clockOrigin"/> plus media time) so beeps fall on the seconds the picture flashes.
    /// </summary>
    public void EncodeNext(TimeSpan clockOrigin, IFrameSink output)
    {
        _samples.MakeWritable();
        var bytes = _frameSize * sizeof(float);
        var left = MemoryMarshal.Cast<byte, float>(_samples.Plane(0, bytes));
        _tone.Seek(clockOrigin);
        _tone.Position += Next;
        _tone.Generate(left);
        left.CopyTo(MemoryMarshal.Cast<byte, float>(_samples.Plane(1, bytes)));
        _samples.Pts = Next;
        _encoder.Send(_samples);
        Next += _frameSize;

        while (_encoder.TryReceive(_packet))
        {
            // The first packet carries the encoder's priming delay and is stamped before zero: drop it
            // rather than hand a negative timestamp to protocols whose clocks are unsigned.
            if (_packet.Pts >= 0)
            {
                var pts = TimeOf(_packet.Pts);
                output.Accept(MediaFrame.Copy(Track, _packet.Data, pts, pts, isKeyframe: true));
            }
            _packet.Unref();
        }
    }

    public void Dispose()
    {
        _encoder.Dispose();
        _samples.Dispose();
        _packet.Dispose();
    }
}
