using System.Net;
using InteropGateway.Adapters.Rtmp;
using InteropGateway.Adapters.Rtmp.Cdn;
using InteropGateway.Adapters.Rtmp.MiniProgram;
using InteropGateway.Adapters.H5;
using InteropGateway.Adapters.RelayNode;
using InteropGateway.Adapters.RelayNode.Role;
using InteropGateway.Adapters.Udp;
using InteropGateway.Adapters.WebRtc;
using InteropGateway.Core.Demo;
using InteropGateway.Core.Hosting;
using InteropGateway.Core.Options;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Routing;
using InteropGateway.Host.Api;
using InteropGateway.Host.Tls;
using InteropGateway.Matrix;
using Microsoft.Extensions.Options;

namespace InteropGateway.Host;

/// <summary>
/// Builds the gateway: generic host + Kestrel, configuration from the repository's appsettings.json,
/// environment (<c>Gateway__Relay__PublishPolicy=TakeOver</c>) and command line
/// (<c>--Gateway:Relay:PublishPolicy=TakeOver</c>), the relay core, the matrix and every adapter.
/// Tests build it in process with their own ports.
/// </summary>
public static class GatewayApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        builder.Services.Configure<GatewayListenOptions>(builder.Configuration.GetSection(GatewayListenOptions.Section));
        builder.Services.Configure<RelayOptions>(builder.Configuration.GetSection(RelayOptions.Section));
        builder.Services.AddSingleton<StreamHub>();
        builder.Services.AddSingleton(services => new MatrixStore(
            ResolvePath(builder.Configuration["Gateway:Matrix:Path"] ?? "matrix.json"),
            services.GetRequiredService<ILogger<MatrixStore>>()));
        builder.Services.AddMediaRouter(builder.Configuration);
        builder.Services.AddDemoStream(builder.Configuration);

        var listen = GatewayListenOptions.From(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Parse(listen.BindAddress), listen.HttpPort));

        builder.AddRtmpAdapter();
        builder.AddWebRtcAdapter();
        builder.AddH5Adapter();
        builder.AddUdpAdapter();
        builder.AddRelayNode();
        builder.AddTlsMultiplexer();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.Services.GetRequiredService<MatrixStore>(); // load now: a bad matrix file stops the start with its reason
        var hub = app.Services.GetRequiredService<StreamHub>();
        app.Lifetime.ApplicationStopping.Register(() => hub.CloseAll("gateway stopping"));
        MapApi(app);
        LogUrlsOnStart(app, listen);
        foreach (var contributor in app.Services.GetServices<IEndpointContributor>())
            contributor.MapEndpoints(app);
        return app;
    }

    private static void MapApi(WebApplication app)
    {
        app.MapGet("/api/streams", (StreamHub hub, MediaRouter router, CdnStatus cdn, RelayNodeLinks relay) => Results.Json(StreamsReport.Build(hub, router, cdn, relay)));
        app.MapGet("/api/matrix", (MatrixStore matrix) => Results.Content(MatrixTableRenderer.ToJson(matrix.Current, matrix.Version), "application/json"));
        app.MapGet("/api/matrix/table", (MatrixStore matrix) => Results.Text(MatrixTableRenderer.ToMarkdown(matrix.Current), "text/markdown"));
        app.MapGet("/", () => Results.Text(
            "InteropGateway\n\nGET /api/streams\nGET /api/matrix\nrtmp://HOST:1935/{app}/{stream}\nhttp://HOST:8080/{app}/{stream}.flv\n" +
            "ws://HOST:8080/h5/{app}/{stream} (JSMpeg), http://HOST:8080/play/{app}/{stream} (H5 player page)\n" +
            "POST /whip/{app}/{stream}, POST /whep/{app}/{stream}, http://HOST:8080/webrtc/play/{app}/{stream}, http://HOST:8080/webrtc/publish/{app}/{stream}\n" +
            "Single port (8443, 443 in production): https://HOST:8443/... for all of the above, wss://, rtmps://HOST:8443/{app}/{stream}, rtmp://HOST:8443/..., ICE-TCP\n"));
    }

    /// <summary>Kestrel calls every listener "http://"; say what each port really speaks.</summary>
    private static void LogUrlsOnStart(WebApplication app, GatewayListenOptions listen)
    {
        var rtmpPort = app.Services.GetRequiredService<IOptions<RtmpOptions>>().Value.Port;
        var miniProgramPort = app.Services.GetRequiredService<IOptions<MiniProgramOptions>>().Value.ResolvePort(rtmpPort);
        var miniProgram = miniProgramPort > 0 ? $", mini-program (signed URLs) rtmp://{listen.BindAddress}:{miniProgramPort}/{{app}}/{{stream}}" : "";
        var tls = app.Services.GetRequiredService<TlsOptions>();
        var singlePort = tls.Enabled ? $"; everything also on port {tls.Port}: https, wss, rtmps, rtmp and ICE-TCP" : "";
        app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
            "InteropGateway ready: publish/play rtmp://{Host}:{RtmpPort}/{{app}}/{{stream}}, play http://{Host}:{HttpPort}/{{app}}/{{stream}}.flv, API http://{Host}:{HttpPort}/api/streams{MiniProgram}{SinglePort}",
            listen.BindAddress, rtmpPort, listen.BindAddress, listen.HttpPort, listen.BindAddress, listen.HttpPort, miniProgram, singlePort));
    }

    private static string ResolvePath(string path) =>
        Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path);
}
