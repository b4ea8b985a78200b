namespace InteropGateway.Host.Tls;

public static class TlsMultiplexerRegistration
{
    public static WebApplicationBuilder AddTlsMultiplexer(this WebApplicationBuilder builder) => builder;
}
