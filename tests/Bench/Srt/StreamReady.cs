using System.Net.Http;
using System.Text.Json;

namespace InteropGateway.Bench.Srt;

/// <summary>
/// Waits (bounded) until the gateway's <c>GET /api/streams</c> lists a stream as live with frames in,
/// so a feed that never got through fails with a clear message instead of N silent players.
/// Also returns the stream's publisher entry (for SRT: its link statistics) for the report.
/// </summary>
internal static class StreamReady
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static async Task WaitAsync(int httpPort, string key, TimeSpan timeout, Action ensureFeedAlive, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            ensureFeedAlive();
            if (await PublisherAsync(httpPort, key) is { } p && p.FramesIn > 0) return;
            await Task.Delay(500, ct);
        }
        throw new TimeoutException($"stream {key} not live on 127.0.0.1:{httpPort} within {timeout.TotalSeconds:0} s");
    }

    /// <summary>The stream's frame count and its publisher's JSON (null when the stream is not listed or not live).</summary>
    public static async Task<(long FramesIn, string Publisher)?> PublisherAsync(int httpPort, string key)
    {
        try
        {
            using var doc = JsonDocument.Parse(await Http.GetStringAsync($"http://127.0.0.1:{httpPort}/api/streams"));
            foreach (var s in doc.RootElement.GetProperty("streams").EnumerateArray())
            {
                if (s.GetProperty("key").GetString() != key || !s.GetProperty("live").GetBoolean()) continue;
                var frames = s.TryGetProperty("framesIn", out var f) && f.ValueKind == JsonValueKind.Number ? f.GetInt64() : 0;
                var publisher = s.TryGetProperty("publisher", out var p) ? p.GetRawText() : "{}";
                return (frames, publisher);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException) { }
        return null;
    }
}
