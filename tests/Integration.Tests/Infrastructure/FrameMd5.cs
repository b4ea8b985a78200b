namespace InteropGateway.Tests.Integration.Infrastructure;

/// <summary>One line of ffmpeg's framemd5 output: stream, timestamps, size and the packet's MD5.</summary>
public readonly record struct FrameMd5Line(int Stream, long Dts, long Pts, int Size, string Hash)
{
    public static List<FrameMd5Line> Parse(string text)
    {
        var lines = new List<FrameMd5Line>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var f = line.Split(',', StringSplitOptions.TrimEntries);
            if (f.Length < 6)
                continue;
            lines.Add(new FrameMd5Line(int.Parse(f[0]), long.Parse(f[1]), long.Parse(f[2]), int.Parse(f[4]), f[5]));
        }
        return lines;
    }
}
