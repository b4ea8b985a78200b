namespace InteropGateway.Bench.Tls;

/// <summary>
/// Bytes each player process has received on its TCP connections to one server port, from the
/// kernel's tcp_info (<c>ss -tip</c>, field bytes_received): the bytes the gateway put on the wire for
/// it, TLS records and RTMP chunk headers included. The players' own write counter (wchar) gives the
/// media they got; the two side by side show what TLS framing adds.
/// </summary>
internal static class SocketBytes
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Received bytes per owning PID, summed over its established connections to 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<Dictionary<int, long>> ReceivedByPidAsync(ChildProcesses children, int port)
    {
        var (code, output) = await children.RunAsync("ss", ["-H", "-t", "-i", "-p", "state", "established", $"( dport = :{port} )"],
            Timeout, logCommand: false);
        if (code != 0) throw new InvalidOperationException($"ss failed ({code}): {output}");
        var received = new Dictionary<int, long>();
        int? pid = null;
        foreach (var line in output.Split('\n'))
        {
            // A socket line ("... users:(("ffmpeg",pid=123,fd=3))") is followed by its tcp_info line.
            if (Field(line, "pid=") is { } p) pid = (int)p;
            else if (pid is { } owner && Field(line, "bytes_received:") is { } bytes)
            {
                received[owner] = received.GetValueOrDefault(owner) + bytes;
                pid = null;
            }
        }
        return received;
    }

    private static long? Field(string line, string key)
    {
        var at = line.IndexOf(key, StringComparison.Ordinal);
        if (at < 0) return null;
        var start = at + key.Length;
        var end = start;
        while (end < line.Length && char.IsAsciiDigit(line[end])) end++;
        return end > start ? long.Parse(line[start..end]) : null;
    }
}
