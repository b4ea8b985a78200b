using System.Buffers;
using InteropGateway.Codecs.Containers.MpegTs;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Tests.Codecs;

/// <summary>
/// A receiver that joins a TS over UDP mid-way needs PAT and PMT before it can demux anything; with
/// tables only at keyframes a long GOP kept it blind for the whole GOP.
/// </summary>
public sealed class TsMuxerTableRepetitionTests
{
    [Fact]
    public void Pat_and_pmt_come_at_least_every_half_second_between_keyframes()
    {
        var video = new TrackConfig(MediaKind.Video, CodecId.Mpeg1Video, ReadOnlyMemory<byte>.Empty) { Width = 320, Height = 240 };
        var muxer = new TsMuxer(CodecId.Mpeg1Video);
        var output = new ArrayBufferWriter<byte>();
        var patTimes = new List<long>();
        const long frameTicks = Timebase.TicksPerSecond / 25;
        for (var i = 0; i < 250; i++) // 10 s, one keyframe at the start only
        {
            var before = output.WrittenCount;
            var frame = MediaFrame.Copy(video, new byte[1000], i * frameTicks, i * frameTicks, isKeyframe: i == 0);
            muxer.WriteFrame(frame, output);
            frame.Release();
            for (var offset = before; offset < output.WrittenCount; offset += TsConstants.PacketSize)
                if ((((output.WrittenSpan[offset + 1] & 0x1F) << 8) | output.WrittenSpan[offset + 2]) == TsConstants.PatPid)
                    patTimes.Add(i * frameTicks);
        }
        Assert.True(patTimes.Count >= 20, $"{patTimes.Count} PATs in 10 s");
        var largestGap = patTimes.Zip(patTimes.Skip(1), (a, b) => b - a).Max();
        Assert.True(largestGap <= Timebase.TicksPerSecond / 2, $"PAT gap of {Timebase.ToSeconds(largestGap)} s");
    }
}
