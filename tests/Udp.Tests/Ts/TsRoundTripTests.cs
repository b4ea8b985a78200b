using InteropGateway.Adapters.Ts;
using InteropGateway.Codecs.Containers.MpegTs;
using InteropGateway.Core.Relay;
using Xunit.Abstractions;

namespace InteropGateway.Tests.Udp.Ts;

/// <summary>
/// ffmpeg's TS -> <see cref="TsPublisher"/> -> a real stream -> <see cref="TsSubscriberPump"/> -> a
/// file: ffmpeg decodes it without a word, ffprobe finds the same codecs and packet counts, and every
/// piece handed to the sender is whole TS packets within the datagram size.
/// </summary>
public sealed class TsRoundTripTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(TsClips.All), MemberType = typeof(TsClips))]
    public async Task What_is_published_goes_out_as_ts_that_ffmpeg_decodes_cleanly_with_the_same_codecs(string name)
    {
        var clip = await TsClips.ByNameAsync(name);
        var result = Path.Combine(Path.GetTempPath(), $"udp-tests-roundtrip-{name}-{Environment.ProcessId}.ts");
        var (reason, chunks, summary) = await RoundTripAsync(clip.Path, result, chunkBytes: 1316);
        output.WriteLine($"{name}: pump ended: {reason}; {summary}; {chunks.Count} sends, sizes {chunks.Min()}..{chunks.Max()}");

        Assert.All(chunks, size => Assert.True(size % TsConstants.PacketSize == 0 && size is > 0 and <= 1316, $"a send of {size} bytes"));
        Assert.All(chunks.SkipLast(1), size => Assert.Equal(1316, size)); // only the stream's last datagram may be short
        var decode = await Tool.FfmpegAsync($"-v error -i {result} -f null -");
        Assert.True(decode.ExitCode == 0 && decode.Stderr.Trim().Length == 0, $"ffmpeg did not decode {name} cleanly: {decode}");
        Assert.Equal(clip.VideoCodec, await TsClips.CodecAsync(result, "v"));
        Assert.Equal(clip.AudioCodec, await TsClips.CodecAsync(result, "a"));
        var videoPackets = await Tool.FfprobeAsync($"-v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 {result}");
        Assert.Equal(clip.VideoPackets.ToString(), videoPackets.Stdout.Split('\n')[0].Trim());
    }

    [Fact]
    public async Task A_receiver_joining_mid_stream_finds_the_program_within_half_a_second_of_stream_time()
    {
        var clip = await TsClips.H264AacAsync();
        var result = Path.Combine(Path.GetTempPath(), $"udp-tests-late-join-{Environment.ProcessId}.ts");
        await RoundTripAsync(clip.Path, result, chunkBytes: 1316);
        var bytes = await File.ReadAllBytesAsync(result);
        var patOffsets = Enumerable.Range(0, bytes.Length / TsConstants.PacketSize)
            .Where(i => (((bytes[i * 188 + 1] & 0x1F) << 8) | bytes[i * 188 + 2]) == TsConstants.PatPid).ToList();
        var seconds = (double)TsClips.Seconds;
        output.WriteLine($"{patOffsets.Count} PATs in {seconds} s of stream");
        Assert.True(patOffsets.Count >= seconds * 2, $"{patOffsets.Count} PATs in {seconds} s");

        var late = Path.Combine(Path.GetTempPath(), $"udp-tests-late-join-cut-{Environment.ProcessId}.ts");
        var cut = bytes.Length / 2 / TsConstants.PacketSize * TsConstants.PacketSize;
        await File.WriteAllBytesAsync(late, bytes[cut..]);
        var probe = await Tool.FfprobeAsync($"-v error -show_entries stream=codec_name -of csv=p=0 {late}");
        Assert.Contains("h264", probe.Stdout);
        Assert.Contains("aac", probe.Stdout);
    }

    /// <summary>Publishes <paramref name="source"/> to a new stream whose only player is a pump writing to <paramref name="result"/>.</summary>
    private static async Task<(string Reason, List<int> Chunks, string Summary)> RoundTripAsync(string source, string result, int chunkBytes)
    {
        var hub = TestHub.Create();
        var key = new StreamKey("live", "rt" + Guid.NewGuid().ToString("N")[..8]);
        var player = hub.Subscribe(key, TestHub.Session());
        var chunks = new List<int>();
        await using var file = File.Create(result);
        var pump = new TsSubscriberPump(player, chunkBytes);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var pumping = pump.RunAsync(async (ts, cancellationToken) =>
        {
            chunks.Add(ts.Length);
            await file.WriteAsync(ts, cancellationToken);
        }, timeout.Token);

        var publication = TestHub.Publish(hub, key);
        string summary;
        using (var publisher = new TsPublisher(publication, new ListLogger()))
        {
            var bytes = await File.ReadAllBytesAsync(source);
            for (var offset = 0; offset < bytes.Length; offset += 1316)
                publisher.Push(bytes.AsSpan(offset, Math.Min(1316, bytes.Length - offset)));
            publisher.Dispose();
            summary = publisher.Summary;
        }
        publication.End("file done"); // the stream ends after the hub's short grace period; the pump drains its tail
        var reason = await pumping;
        Assert.False(timeout.IsCancellationRequested, "the pump did not end with the stream");
        return (reason, chunks, summary);
    }
}
