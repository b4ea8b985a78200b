using System.Net;
using InteropGateway.Core.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InteropGateway.Adapters.Rtmp.MiniProgram;

internal static class MiniProgramRegistration
{
    /// <summary>The mini-program RTMP listener (default: RTMP port + 1 = 1936) and the signed-URL policy, also used by HTTP-FLV.</summary>
    public static void AddMiniProgram(this WebApplicationBuilder builder, RtmpOptions rtmp)
    {
        var section = builder.Configuration.GetSection(MiniProgramOptions.Section);
        builder.Services.Configure<MiniProgramOptions>(section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<MiniProgramAccess>();

        var options = section.Get<MiniProgramOptions>() ?? new MiniProgramOptions();
        var port = options.ResolvePort(rtmp.Port);
        if (port < 0)
            return;
        var bind = GatewayListenOptions.From(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Parse(bind.BindAddress), port,
                listen => listen.UseConnectionHandler<MiniProgramConnectionHandler>()));
    }
}
