using System.Net;
using System.Security.Authentication;
using InteropGateway.Core.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace InteropGateway.Host.Tls;

public static class TlsMultiplexerRegistration
{
    private static readonly object WithoutAlpn = new();

    /// <summary>
    /// The single multiplexed port (<c>Gateway:Tls</c>, 8443 by default, 443 in production): TLS carrying
    /// HTTPS (API, WHIP/WHEP, HTTP-FLV), WSS (H5), RTMPS and ICE-TCP; plain RTMP, plain ICE-TCP and plain
    /// HTTP recognised from the first bytes. Protocols other than HTTP come from the adapters'
    /// <see cref="IMultiplexedProtocol"/> services. Call after every adapter is added.
    /// </summary>
    public static WebApplicationBuilder AddTlsMultiplexer(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TlsOptions.Section).Get<TlsOptions>() ?? new TlsOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<TlsCertificateSource>();
        if (!options.Enabled)
            return builder;

        var bindAddress = string.IsNullOrEmpty(options.BindAddress)
            ? GatewayListenOptions.From(builder.Configuration).BindAddress
            : options.BindAddress;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var services = kestrel.ApplicationServices;
            var certificate = services.GetRequiredService<TlsCertificateSource>().Certificate;
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("InteropGateway.Tls");
            var multiplexer = new PortMultiplexer(services.GetServices<IMultiplexedProtocol>().ToArray(), options, logger);
            kestrel.Listen(IPAddress.Parse(bindAddress), options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.Use(multiplexer.BeforeTls);
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = certificate;
                    https.HandshakeTimeout = options.HandshakeTimeout;
                    https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                    // librtmp on GnuTLS (rtmpdump and the players built on it) fails RTMPS on the session
                    // tickets a TLS 1.3 server sends after the handshake, and OpenSSL sends them even with
                    // resumption off. Clients that offer no ALPN (RTMPS encoders and players) get TLS 1.2;
                    // browsers and HTTP clients, which always offer ALPN, keep TLS 1.3.
                    if (options.Tls12WithoutAlpn)
                    {
                        https.TlsClientHelloBytesCallback = (connection, hello) =>
                        {
                            if (ClientHelloAlpn.Find(hello) == ClientHelloAlpn.Offer.NotOffered)
                                connection.Items[WithoutAlpn] = true;
                        };
                        https.OnAuthenticate = (connection, ssl) =>
                        {
                            if (connection.Items.ContainsKey(WithoutAlpn))
                                ssl.EnabledSslProtocols = SslProtocols.Tls12;
                        };
                    }
                });
                listen.Use(multiplexer.AfterTls);
            });
        });
        return builder;
    }
}
