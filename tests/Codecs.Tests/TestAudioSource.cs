using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Native;

namespace InteropGateway.Tests.Codecs;

/// <summary>One encoded source frame: payload and its PTS in 90 kHz ticks.</summary>
internal sealed record EncodedFrame(byte[] Payload, long Pts);

/// <summary>An encoded test stream, as an ingress would deliver it.</summary>
internal sealed record EncodedAudio(TrackConfig Track, IReadOnlyList<EncodedFrame> Frames, int SampleRate, int Channels, int FrameSize)
{
    /// <summary>Duration of the frames, in 90 kHz ticks.</summary>
    public long DurationTicks => (long)Frames.Count * FrameSize * Timebase.TicksPerSecond / SampleRate;

    public MediaFrame Rent(int index, TrackConfig? track = null)
    {
        var frame = Frames[index];
        return MediaFrame.Copy(track ?? Track, frame.Payload, frame.Pts, frame.Pts, isKeyframe: true);
    }
}

/// <summary>
/// Makes real AAC / Opus / MP2 source streams by encoding a sine with FFmpeg through the binding
/// (no mocks): what a publisher would send, with canonical payloads and track configs.
/// </summary>
internal static unsafe class TestAudioSource
{
    public static EncodedAudio Encode(CodecId codec, int sampleRate, int channels, double seconds, long startPts = 90_000, bool opusHead = true)
    {
        var (name, format) = codec switch
        {
            CodecId.Aac => ("aac", SampleFormat.FltP),
            CodecId.Opus => ("libopus", SampleFormat.Flt),
            CodecId.Mp2 => ("mp2", SampleFormat.S16),
            _ => throw new ArgumentOutOfRangeException(nameof(codec)),
        };
        var bitRate = codec == CodecId.Mp2 ? 192_000 : 64_000 * Math.Min(channels, 2);
        var settings = EncoderSettings.Audio(sampleRate, channels, format, bitRate) with { GlobalHeader = true };
        var options = codec == CodecId.Aac ? new Dictionary<string, string> { ["aac_coder"] = "fast" } : null;
        using var encoder = Encoder.Open(name, settings, options);
        using var frame = new AvFrame();
        using var packet = new AvPacket();
        var frameSize = encoder.FrameSize;
        frame.AllocateAudio(format, channels, sampleRate, frameSize);

        var totalFrames = (int)Math.Round(seconds * sampleRate / frameSize);
        var payloads = new List<byte[]>(totalFrames + 8);
        for (var index = 0; index < totalFrames; index++)
        {
            frame.MakeWritable();
            FillSine(frame, index * (long)frameSize, frameSize, sampleRate, format);
            frame.Pts = index * (long)frameSize;
            encoder.Send(frame);
            Drain(encoder, packet, payloads);
        }
        encoder.Send(null);
        Drain(encoder, packet, payloads);
        // Keep exactly one packet per input frame so the stream's duration is known exactly.
        if (payloads.Count > totalFrames)
            payloads.RemoveRange(totalFrames, payloads.Count - totalFrames);

        var frames = new List<EncodedFrame>(payloads.Count);
        for (var i = 0; i < payloads.Count; i++)
            frames.Add(new EncodedFrame(payloads[i], startPts + i * (long)frameSize * Timebase.TicksPerSecond / sampleRate));
        var extradata = codec switch
        {
            CodecId.Aac => encoder.Extradata,
            CodecId.Opus when opusHead => encoder.Extradata,
            _ => [],
        };
        var track = new TrackConfig(MediaKind.Audio, codec, extradata) { SampleRate = sampleRate, Channels = channels };
        return new EncodedAudio(track, frames, sampleRate, channels, frameSize);
    }

    /// <summary>
    /// The same packets played <paramref name="times"/> times back to back with continuous
    /// timestamps: a long real stream without paying the AAC encoder's cost for every minute.
    /// </summary>
    public static EncodedAudio Loop(EncodedAudio source, int times)
    {
        var startPts = source.Frames[0].Pts;
        var frames = new List<EncodedFrame>(source.Frames.Count * times);
        for (var i = 0; i < source.Frames.Count * times; i++)
        {
            var pts = startPts + i * (long)source.FrameSize * Timebase.TicksPerSecond / source.SampleRate;
            frames.Add(new EncodedFrame(source.Frames[i % source.Frames.Count].Payload, pts));
        }
        return source with { Frames = frames };
    }

    private static void Drain(Encoder encoder, AvPacket packet, List<byte[]> payloads)
    {
        while (encoder.TryReceive(packet))
            payloads.Add(packet.Data.ToArray());
    }

    /// <summary>440 Hz on channel 0, 660 Hz on the others, at half scale.</summary>
    private static void FillSine(AvFrame frame, long firstSample, int count, int rate, SampleFormat format)
    {
        var channels = frame.Channels;
        for (var i = 0; i < count; i++)
        {
            var t = (firstSample + i) / (double)rate;
            for (var c = 0; c < channels; c++)
            {
                var value = 0.5 * Math.Sin(2 * Math.PI * (c == 0 ? 440 : 660) * t);
                switch (format)
                {
                    case SampleFormat.FltP:
                        ((float*)frame.ExtendedPlanes[c])[i] = (float)value;
                        break;
                    case SampleFormat.Flt:
                        ((float*)frame.Planes[0])[i * channels + c] = (float)value;
                        break;
                    case SampleFormat.S16:
                        ((short*)frame.Planes[0])[i * channels + c] = (short)(value * short.MaxValue);
                        break;
                }
            }
        }
    }
}
