using InteropGateway.Adapters.H5;
using InteropGateway.Codecs.Transcoding;
using InteropGateway.Core.Routing;
using InteropGateway.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InteropGateway.Tests.Integration;

/// <summary>The real gateway with the H5 adapter (a no-op if the host already adds it) and counted transcoders.</summary>
public sealed class H5GatewayFixture : GatewayFixture
{
    public CountingTranscoders Transcoders { get; } = new(new FfmpegTranscoderProvider());
    public MediaRouter Router => App.Services.GetRequiredService<MediaRouter>();

    public string PlayerPageUrl(string key) => HttpUrl($"/play/{key}");
    public string WebSocketUrl(string key) => $"ws://127.0.0.1:{HttpPort}/h5/{key}";
    public string IngestUrl(string key) => HttpUrl($"/h5/ingest/{key}");

    protected override IEnumerable<string> ExtraSettings() => ["--Gateway:Relay:BranchLinger=00:00:01"];

    protected override void ConfigureBuilder(WebApplicationBuilder builder)
    {
        builder.AddH5Adapter();
        builder.Services.Replace(ServiceDescriptor.Singleton<ITranscoderProvider>(Transcoders));
    }
}
