namespace InteropGateway.Tests.Integration.Infrastructure;

/// <summary>
/// The check a user makes of a player: ffmpeg decodes the whole stream with no error, and the packets
/// it received are the publisher's, byte for byte (framemd5 of the untouched packets).
/// </summary>
public static class CleanPlayback
{
    /// <summary>Decodes everything (-f null) and hashes the untouched packets (-c copy framemd5) in one pass.</summary>
    public static string DecodeAndHashArgs(string url, string md5File) =>
        $"-v error -i {url} -map 0:v -map 0:a -c copy -f framemd5 {md5File} -map 0:v -map 0:a -f null -";

    /// <summary>The clip's own packets, as a player would hash them.</summary>
    public static async Task<List<FrameMd5Line>> SourcePacketsAsync(string clip, TimeSpan timeout)
    {
        var run = await Ffmpeg.RunAsync($"-v error -i {clip} -map 0:v -map 0:a -c copy -f framemd5 -", timeout);
        Assert.True(run.ExitCode == 0, run.ToString());
        return FrameMd5Line.Parse(run.Stdout);
    }

    /// <summary>Asserts the player ended by itself, printed no error, and returns the packets it hashed.</summary>
    public static async Task<List<FrameMd5Line>> AssertDecodedCleanlyAsync(ToolRun run, string md5File, string who)
    {
        Assert.False(run.TimedOut, $"{who} did not end: {run}");
        Assert.True(run.ExitCode == 0, $"{who}: {run}");
        Assert.True(run.Stderr.Trim().Length == 0, $"{who} printed errors: {run.Stderr}");
        return FrameMd5Line.Parse(await File.ReadAllTextAsync(md5File));
    }

    /// <summary>Video (stream 0) and audio (stream 1) packets received are exactly those sent, in order.</summary>
    public static void AssertSamePackets(List<FrameMd5Line> expected, List<FrameMd5Line> received, string who)
    {
        foreach (var stream in new[] { 0, 1 })
        {
            var want = expected.Where(l => l.Stream == stream).Select(l => (l.Size, l.Hash)).ToList();
            Assert.True(want.Count > 50, $"the source has only {want.Count} packets on stream {stream}");
            var got = received.Where(l => l.Stream == stream).Select(l => (l.Size, l.Hash)).ToList();
            Assert.True(want.Count == got.Count, $"{who}: stream {stream}: {got.Count} packets received, {want.Count} sent");
            for (var i = 0; i < want.Count; i++)
                Assert.True(want[i] == got[i], $"{who}: stream {stream} packet {i} differs: sent {want[i]}, got {got[i]}");
        }
    }
}
