namespace InteropGateway.Adapters.Rtmp.Client;

/// <summary>The server refused or dropped us, in RTMP's terms: the status code (e.g. NetStream.Publish.BadName) and its description.</summary>
public sealed class RtmpClientException(string code, string message) : Exception($"{code}: {message}")
{
    public const string ConnectionClosed = "NetConnection.Connect.Closed";

    public string Code { get; } = code;
}
