using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace InteropGateway.Adapters.Udp.Plain;

internal static class TsOverUdpRegistration
{
    /// <summary>MPEG-TS over plain UDP: the input and output routes of <c>Gateway:Udp</c>.</summary>
    public static WebApplicationBuilder AddTsOverUdp(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<TsOverUdpOptions>(builder.Configuration.GetSection(TsOverUdpOptions.Section));
        builder.Services.AddHostedService<TsOverUdpService>();
        return builder;
    }
}
