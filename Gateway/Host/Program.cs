using InteropGateway.Host;

var app = GatewayApp.Build(args);
await app.RunAsync();
