using System.Diagnostics;
using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Tests.WebRtc;

/// <summary>
/// Real x264 output for the RTP tests: 2 s of testsrc2 at 640x360/25 fps, GOP 10, no B-frames
/// (WebRTC has none), with access unit delimiters so access units can be split with the Annex B
/// helpers and converted to the canonical AVCC form. Made once per test run.
/// </summary>
internal static class RtpTestMedia
{
    public const int FrameTicks = 3600; // 25 fps in 90 kHz
    private static readonly Lazy<H264Clip> Clip = new(MakeClip);

    public static H264Clip H264 => Clip.Value;

    public sealed record H264Clip(string AnnexBPath, TrackConfig Track, IReadOnlyList<byte[]> AccessUnits, IReadOnlyList<bool> Keyframes);

    private static H264Clip MakeClip()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"webrtc-rtp-tests-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "testsrc2.h264");
        var (exit, errors) = RtpFfmpeg.Run(["-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-t", "2",
            "-c:v", "libx264", "-preset", "veryfast", "-g", "10", "-bf", "0", "-pix_fmt", "yuv420p",
            "-x264-params", "aud=1:slices=2", "-bsf:v", "h264_mp4toannexb", "-f", "h264", "-y", path]);
        Assert.True(exit == 0, errors);

        var stream = File.ReadAllBytes(path);
        Assert.True(H264ParameterSets.TryBuildRecordFromAnnexB(stream, out var avcC));
        Assert.True(AvcDecoderConfigurationRecord.TryParse(avcC, out var record));
        Assert.True(H264SequenceParameterSet.TryParse(record.SequenceParameterSets[0].Span, out var sps));
        var track = new TrackConfig(MediaKind.Video, CodecId.H264, avcC) { Width = sps.Width, Height = sps.Height };

        var units = new List<byte[]>();
        var keys = new List<bool>();
        foreach (var annexB in SplitAtDelimiters(stream))
        {
            var avcc = new byte[AnnexBToAvcc.MeasureConverted(annexB, dropParameterSets: true)];
            AnnexBToAvcc.Convert(annexB, avcc, dropParameterSets: true);
            units.Add(avcc);
            keys.Add(H264ParameterSets.ContainsIdr(avcc));
        }
        return new H264Clip(path, track, units, keys);
    }

    /// <summary>Access units of an Annex B stream that starts each one with an AUD (x264 aud=1).</summary>
    private static List<byte[]> SplitAtDelimiters(byte[] stream)
    {
        var starts = new List<int>();
        for (var i = 0; i + 4 < stream.Length; i++)
        {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1 && (stream[i + 3] & 0x1F) == (int)H264NalUnitType.AccessUnitDelimiter)
                starts.Add(i);
        }
        var units = new List<byte[]>();
        for (var k = 0; k < starts.Count; k++)
        {
            var end = k + 1 < starts.Count ? starts[k + 1] : stream.Length;
            units.Add(stream[starts[k]..end]);
        }
        return units;
    }
}

/// <summary>Runs the ffmpeg CLI.</summary>
internal static class RtpFfmpeg
{
    /// <returns>The exit code and stderr, or stdout when <paramref name="captureOutput"/>.</returns>
    public static (int ExitCode, string Text) Run(IEnumerable<string> arguments, bool captureOutput = false)
    {
        using var process = Start(arguments);
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, captureOutput ? output : errors.Result);
    }

    public static Process Start(IEnumerable<string> arguments, bool redirectInput = false)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
        };
        if (!redirectInput)
            start.ArgumentList.Add("-nostdin");
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return Process.Start(start)!;
    }
}

/// <summary>Collects depacketized frames (and releases them on dispose).</summary>
internal sealed class RtpFrameCollector : InteropGateway.Adapters.WebRtc.Rtp.IMediaFrameSink, IDisposable
{
    public List<MediaFrame> Frames { get; } = [];

    public void OnFrame(MediaFrame frame) => Frames.Add(frame);

    public void Dispose()
    {
        foreach (var frame in Frames)
            frame.Release();
        Frames.Clear();
    }
}

/// <summary>Keeps copies of the packets written to it.</summary>
internal sealed class RtpPacketRecorder : InteropGateway.Adapters.WebRtc.Rtp.IRtpPacketSink, InteropGateway.Adapters.WebRtc.Rtp.IRtcpPacketSink
{
    public List<byte[]> Packets { get; } = [];

    public void OnRtpPacket(ReadOnlySpan<byte> packet) => Packets.Add(packet.ToArray());
    public void OnRtcpPacket(ReadOnlySpan<byte> packet) => Packets.Add(packet.ToArray());
}
