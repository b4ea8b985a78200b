namespace InteropGateway.Adapters.Rtmp.Server;

/// <summary>onStatus / _result codes as Flash, ffmpeg and OBS understand them.</summary>
internal static class RtmpStatus
{
    public const string ConnectSuccess = "NetConnection.Connect.Success";
    public const string ConnectRejected = "NetConnection.Connect.Rejected";
    public const string PublishStart = "NetStream.Publish.Start";
    public const string PublishBadName = "NetStream.Publish.BadName";
    /// <summary>Not allowed to publish (a bad or expired signed URL).</summary>
    public const string PublishRejected = "NetStream.Publish.Rejected";
    public const string UnpublishSuccess = "NetStream.Unpublish.Success";
    public const string PlayReset = "NetStream.Play.Reset";
    public const string PlayStart = "NetStream.Play.Start";
    public const string PlayStop = "NetStream.Play.Stop";
    public const string PlayStreamNotFound = "NetStream.Play.StreamNotFound";
    public const string PlayUnpublishNotify = "NetStream.Play.UnpublishNotify";
    public const string PlayFailed = "NetStream.Play.Failed";

    public const string LevelStatus = "status";
    public const string LevelError = "error";
}
