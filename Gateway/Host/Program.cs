using InteropGateway.Host;
using Microsoft.AspNetCore.Connections;

var app = GatewayApp.Build(args);
try
{
    await app.RunAsync();
}
catch (IOException ex) when (ex.InnerException is AddressInUseException)
{
    // The usual first-run problem deserves one clear line, not a stack trace.
    app.Logger.LogCritical("Cannot start: {Reason} Another program holds the port; choose others with " +
        "--Gateway:HttpPort=N and --Gateway:Rtmp:Port=N (or Gateway__HttpPort / Gateway__Rtmp__Port).", ex.Message);
    return 2;
}
return 0;
