namespace InteropGateway.Bench;

/// <summary>Reads a process's CPU time, RSS and written bytes from /proc. Null when the process is gone.</summary>
internal static class ProcFs
{
    /// <summary>utime + stime in milliseconds (/proc/PID/stat fields 14 and 15).</summary>
    public static double? CpuMs(int pid)
    {
        var stat = TryRead($"/proc/{pid}/stat");
        if (stat is null) return null;
        // comm (field 2) may contain spaces; fields after the last ')' start at field 3.
        var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(rest[11]) + long.Parse(rest[12]);
        return ticks * 1000.0 / Posix.ClockTicksPerSecond;
    }

    /// <summary>VmRSS in MiB (/proc/PID/status).</summary>
    public static double? RssMb(int pid) => StatusKb(pid, "VmRSS:") / 1024.0;

    /// <summary>VmHWM (peak RSS) in MiB.</summary>
    public static double? PeakRssMb(int pid) => StatusKb(pid, "VmHWM:") / 1024.0;

    /// <summary>wchar from /proc/PID/io: bytes the process passed to write(). For a player writing to /dev/null, the FLV it received.</summary>
    public static long? WrittenBytes(int pid)
    {
        var io = TryRead($"/proc/{pid}/io");
        if (io is null) return null;
        foreach (var line in io.Split('\n'))
            if (line.StartsWith("wchar:", StringComparison.Ordinal)) return long.Parse(line[6..].Trim());
        return null;
    }

    private static long? StatusKb(int pid, string key)
    {
        var status = TryRead($"/proc/{pid}/status");
        if (status is null) return null;
        foreach (var line in status.Split('\n'))
            if (line.StartsWith(key, StringComparison.Ordinal))
                return long.Parse(line[key.Length..].Trim().Split(' ')[0]);
        return null;
    }

    private static string? TryRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
