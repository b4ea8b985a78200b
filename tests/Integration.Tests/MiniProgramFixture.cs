using InteropGateway.Adapters.Rtmp.MiniProgram;
using InteropGateway.Core.Relay;
using InteropGateway.Tests.Integration.Infrastructure;

namespace InteropGateway.Tests.Integration;

/// <summary>The gateway with its mini-program listener on a free port and a signing secret.</summary>
public sealed class MiniProgramFixture : GatewayFixture
{
    public const string Secret = "test-secret-7f3a";

    public int MiniProgramPort { get; } = FreePort.Next();

    protected override IEnumerable<string> ExtraSettings() =>
    [
        $"--Gateway:MiniProgram:Port={MiniProgramPort}",
        $"--Gateway:MiniProgram:Secret={Secret}",
        "--Gateway:Relay:PublisherGracePeriod=00:00:02",
    ];

    /// <summary>A signed URL on the mini-program port, valid for a minute unless told otherwise.</summary>
    public string SignedRtmpUrl(string key, string action, DateTimeOffset? expires = null) =>
        $"rtmp://127.0.0.1:{MiniProgramPort}/{key}?{Query(key, action, expires)}";

    /// <summary>A signed HTTP-FLV URL (a live-player asking by HTTP).</summary>
    public string SignedFlvUrl(string key, DateTimeOffset? expires = null) =>
        $"{FlvUrl(key)}?{Query(key, SignedUrl.Play, expires)}";

    private static string Query(string key, string action, DateTimeOffset? expires)
    {
        var parts = key.Split('/');
        return SignedUrl.Query(Secret, action, new StreamKey(parts[0], parts[1]), expires ?? DateTimeOffset.UtcNow.AddMinutes(1));
    }
}
