namespace InteropGateway.Bench;

/// <summary>Encodes a test clip once with the ffmpeg CLI (the command is logged for RESULTS.md); an existing file is reused.</summary>
internal static class FfmpegClip
{
    /// <param name="what">the clip in the error message, e.g. "the MPEG-1 clip"</param>
    /// <param name="args">every ffmpeg argument but the output path, which comes last</param>
    public static async Task<string> EnsureAsync(ChildProcesses children, string path, string what, IEnumerable<string> args)
    {
        if (File.Exists(path)) return path;
        var (code, output) = await children.RunAsync("ffmpeg", [.. args, path], TimeSpan.FromMinutes(3));
        if (code != 0) throw new InvalidOperationException($"making {what} failed ({code}):\n{output}");
        return path;
    }
}
