using InteropGateway.Adapters.H5.Egress;
using InteropGateway.Adapters.H5.Ingest;
using InteropGateway.Adapters.H5.PlayerPage;
using InteropGateway.Core.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace InteropGateway.Adapters.H5;

public static class H5AdapterRegistration
{
    /// <summary>
    /// H5 (JSMpeg) on the HTTP port: MPEG-TS (MPEG-1 + MP2) over WebSocket at
    /// <c>ws://HOST:8080/h5/{app}/{stream}</c>, the player page at <c>/play/{app}/{stream}</c>, and
    /// ingest of MPEG-TS by <c>POST /h5/ingest/{app}/{stream}</c> or a WebSocket to the same path.
    /// Calling it twice registers once (tests add it to a host that may already have it).
    /// </summary>
    public static WebApplicationBuilder AddH5Adapter(this WebApplicationBuilder builder)
    {
        if (builder.Services.Any(s => s.ServiceType == typeof(H5AdapterMarker)))
            return builder;
        builder.Services.AddSingleton<H5AdapterMarker>();
        builder.Services.Configure<H5Options>(builder.Configuration.GetSection(H5Options.Section));
        builder.Services.AddTransient<IStartupFilter, WebSocketsStartupFilter>();
        builder.Services.AddSingleton<IEndpointContributor, H5PlayEndpoint>();
        builder.Services.AddSingleton<IEndpointContributor, H5IngestEndpoint>();
        builder.Services.AddSingleton<IEndpointContributor, PlayerPageEndpoint>();
        return builder;
    }

    private sealed class H5AdapterMarker;
}
