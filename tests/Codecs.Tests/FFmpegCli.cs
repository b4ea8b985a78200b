using System.Diagnostics;

namespace InteropGateway.Tests.Codecs;

/// <summary>The real ffmpeg CLI as the independent judge of transcoder output.</summary>
internal static class FFmpegCli
{
    /// <summary>
    /// Decodes <paramref name="path"/> with <c>ffmpeg -v error</c> to mono 48 kHz s16 and returns the
    /// exit code, whatever ffmpeg printed on stderr, and the decoded duration in seconds.
    /// </summary>
    public static (int ExitCode, string Errors, double Seconds) Decode(string path)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-nostdin", "-v", "error", "-i", path, "-f", "s16le", "-ac", "1", "-ar", "48000", "-" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        long bytes = 0;
        var buffer = new byte[65536];
        int read;
        while ((read = process.StandardOutput.BaseStream.Read(buffer)) > 0)
            bytes += read;
        process.WaitForExit();
        return (process.ExitCode, errors.Result, bytes / 2 / 48000.0);
    }
}
