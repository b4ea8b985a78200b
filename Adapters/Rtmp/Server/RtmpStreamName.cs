namespace InteropGateway.Adapters.Rtmp.Server;

/// <summary>
/// Splits the names RTMP clients send ("live", "live?token=x", "mystream?sign=..&t=..") into the
/// bare name and its query, which later signed-URL checks read.
/// </summary>
internal readonly record struct RtmpStreamName(string Name, string Query)
{
    public static RtmpStreamName Parse(string? raw)
    {
        raw ??= "";
        var q = raw.IndexOf('?');
        var name = (q < 0 ? raw : raw[..q]).Trim('/');
        return new RtmpStreamName(name, q < 0 ? "" : raw[(q + 1)..]);
    }
}
