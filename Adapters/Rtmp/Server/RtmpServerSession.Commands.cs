using System.Buffers;
using InteropGateway.Adapters.Rtmp.Egress;
using InteropGateway.Adapters.Rtmp.Flv;
using InteropGateway.Adapters.Rtmp.Protocol;
using InteropGateway.Core.Relay;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.Rtmp.Server;

/// <summary>NetConnection and NetStream commands: connect, createStream, publish, play and friends.</summary>
internal sealed partial class RtmpServerSession
{
    private async ValueTask HandleCommandAsync(RtmpCommand command)
    {
        switch (command.Name)
        {
            case "connect":
                await OnConnectAsync(command).ConfigureAwait(false);
                break;
            case "createStream":
                await SendResultAsync(command.TransactionId, AmfValue.Null, AmfValue.Number(MediaStreamId)).ConfigureAwait(false);
                break;
            case "releaseStream":
            case "FCPublish":
            case "FCUnpublish":
            case "getStreamLength":
            case "_checkbw":
                if (command.TransactionId > 0)
                    await SendResultAsync(command.TransactionId, AmfValue.Null, AmfValue.Undefined).ConfigureAwait(false);
                break;
            case "publish":
                await OnPublishAsync(command).ConfigureAwait(false);
                break;
            case "play":
                await OnPlayAsync(command).ConfigureAwait(false);
                break;
            case "deleteStream":
            case "closeStream":
                OnCloseStream(command.Name);
                break;
            default:
                _logger.LogDebug("RTMP session {Session} ignored command {Command}", _info, command.Name);
                break;
        }
    }

    private async ValueTask OnConnectAsync(RtmpCommand command)
    {
        var appName = RtmpStreamName.Parse(command.CommandObject.IsObjectLike ? command.CommandObject.AsObject.GetString("app") : null);
        var app = appName.Name;
        _appQuery = appName.Query;
        if (!StreamKey.TryCreate(app, "x", out _, out var error))
        {
            await SendErrorAsync(command.TransactionId, RtmpStatus.ConnectRejected, $"bad app name: {error}").ConfigureAwait(false);
            Close($"connect refused: bad app name '{app}'");
            return;
        }
        _app = app;
        await _output.SendAsync(_options, static (o, options) =>
        {
            ProtocolControlMessages.WriteWindowAcknowledgementSize(o.Chunks, o.Pipe, (uint)options.WindowAckSize);
            ProtocolControlMessages.WriteSetPeerBandwidth(o.Chunks, o.Pipe, (uint)options.WindowAckSize, PeerBandwidthLimitType.Dynamic);
            ProtocolControlMessages.WriteSetChunkSize(o.Chunks, o.Pipe, options.OutChunkSize);
            o.Chunks.ChunkSize = options.OutChunkSize;
        }, _closing.Token).ConfigureAwait(false);

        var properties = new AmfObject()
            .Set("fmsVer", "FMS/3,5,7,7009")
            .Set("capabilities", 31.0)
            .Set("mode", 1.0);
        var information = StatusObject(RtmpStatus.LevelStatus, RtmpStatus.ConnectSuccess, "Connection succeeded.")
            .Set("objectEncoding", 0.0);
        await SendCommandAsync(0, "_result", command.TransactionId, properties, information).ConfigureAwait(false);
        _logger.LogInformation("RTMP session {Session} connected to app {App} ({TcUrl})", _info, app, (command.CommandObject.IsObjectLike ? command.CommandObject.AsObject.GetString("tcUrl") : null));
    }

    private async ValueTask OnPublishAsync(RtmpCommand command)
    {
        var name = RtmpStreamName.Parse(command.Arguments.Count > 0 ? command.Arguments[0].StringOrNull : null);
        if (await RefuseIfNotReadyAsync(RtmpStatus.PublishBadName).ConfigureAwait(false))
            return;
        if (!StreamKey.TryCreate(_app, name.Name, out var key, out var error))
        {
            await RefuseAsync(RtmpStatus.PublishBadName, error).ConfigureAwait(false);
            return;
        }
        if (_profile.Access?.CheckPublish(key.Value, QueryOf(name), _info) is { } refusal)
        {
            await RefuseAsync(refusal.Code, refusal.Description).ConfigureAwait(false);
            return;
        }
        if (!_hub.TryPublish(key.Value, _info, out var publication, out error))
        {
            await RefuseAsync(RtmpStatus.PublishBadName, error).ConfigureAwait(false);
            return;
        }
        _publication = publication;
        _profile.Access?.OnPublished(publication, Close);
        _ingest = new FlvIngestMapper();
        publication.Revoked.Register(static state =>
        {
            var session = (RtmpServerSession)state!;
            session.Close(session._publication?.EndReason ?? "publication revoked");
        }, this);
        await _output.SendAsync(MediaStreamId, static (o, id) => UserControlMessages.WriteStreamBegin(o.Chunks, o.Pipe, id), _closing.Token).ConfigureAwait(false);
        await SendStatusAsync(RtmpStatus.LevelStatus, RtmpStatus.PublishStart, $"{key} is now published.").ConfigureAwait(false);
    }

    private async ValueTask OnPlayAsync(RtmpCommand command)
    {
        var name = RtmpStreamName.Parse(command.Arguments.Count > 0 ? command.Arguments[0].StringOrNull : null);
        if (await RefuseIfNotReadyAsync(RtmpStatus.PlayFailed).ConfigureAwait(false))
            return;
        if (!StreamKey.TryCreate(_app, name.Name, out var key, out var error))
        {
            await RefuseAsync(RtmpStatus.PlayStreamNotFound, error).ConfigureAwait(false);
            return;
        }
        if (_profile.Access?.CheckPlay(key.Value, QueryOf(name), _info) is { } refusal)
        {
            await RefuseAsync(refusal.Code, refusal.Description).ConfigureAwait(false);
            return;
        }
        await _output.SendAsync(MediaStreamId, static (o, id) => UserControlMessages.WriteStreamBegin(o.Chunks, o.Pipe, id), _closing.Token).ConfigureAwait(false);
        await SendStatusAsync(RtmpStatus.LevelStatus, RtmpStatus.PlayReset, $"Playing and resetting {key}.").ConfigureAwait(false);
        await SendStatusAsync(RtmpStatus.LevelStatus, RtmpStatus.PlayStart, $"Started playing {key}.").ConfigureAwait(false);
        await SendSampleAccessAsync().ConfigureAwait(false);

        var subscriber = _hub.Subscribe(key.Value, _info);
        _subscriber = subscriber;
        _pump = Task.Run(() => PumpAsync(subscriber));
    }

    private async Task PumpAsync(Subscriber subscriber)
    {
        var reason = await new FlvEgressPump(subscriber, _output, _logger, _profile.PlayStart).RunAsync(_closing.Token).ConfigureAwait(false);
        if (_closing.IsCancellationRequested || _playerClosedStream)
            return;
        // A player cut off for being too slow is not reading: drop it without trying to tell it.
        if (subscriber.Closed.IsCancellationRequested)
            _abortConnection = true;
        else
            await TellPlayerStreamEndedAsync(reason).ConfigureAwait(false);
        Close(reason);
    }

    /// <summary>The stream ended on our side: say so in the player's terms, briefly, then hang up.</summary>
    private async Task TellPlayerStreamEndedAsync(string reason)
    {
        var notFound = reason.Contains("not found", StringComparison.Ordinal);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await SendStatusAsync(notFound ? RtmpStatus.LevelError : RtmpStatus.LevelStatus,
                notFound ? RtmpStatus.PlayStreamNotFound : RtmpStatus.PlayUnpublishNotify, reason, timeout.Token).ConfigureAwait(false);
            await _output.SendAsync(MediaStreamId, static (o, id) => UserControlMessages.WriteStreamEof(o.Chunks, o.Pipe, id), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
        }
    }

    private void OnCloseStream(string command)
    {
        if (_publication is not null)
            _publication.End($"publisher sent {command}");
        if (_subscriber is not null)
        {
            _playerClosedStream = true;
            _subscriber.Close($"player sent {command}");
        }
    }

    /// <summary>The signed-URL query: the stream name's, or the app name's when the client put it there.</summary>
    private string QueryOf(RtmpStreamName name) => name.Query.Length > 0 ? name.Query : _appQuery;

    /// <summary>publish/play need a prior connect, and one connection does one of them.</summary>
    private async ValueTask<bool> RefuseIfNotReadyAsync(string code)
    {
        if (_app is null)
        {
            await RefuseAsync(code, "connect first").ConfigureAwait(false);
            return true;
        }
        if (_publication is not null || _subscriber is not null)
        {
            await RefuseAsync(code, "this connection already publishes or plays a stream").ConfigureAwait(false);
            return true;
        }
        return false;
    }

    private async ValueTask RefuseAsync(string code, string description)
    {
        await SendStatusAsync(RtmpStatus.LevelError, code, description).ConfigureAwait(false);
        Close($"refused ({code}): {description}");
    }

    private static AmfObject StatusObject(string level, string code, string description) => new AmfObject()
        .Set("level", level)
        .Set("code", code)
        .Set("description", description);

    private ValueTask SendResultAsync(double transactionId, AmfValue commandObject, AmfValue result) =>
        SendCommandAsync(0, "_result", transactionId, commandObject, result);

    private ValueTask SendErrorAsync(double transactionId, string code, string description) =>
        SendCommandAsync(0, "_error", transactionId, AmfValue.Null, StatusObject(RtmpStatus.LevelError, code, description));

    private ValueTask SendStatusAsync(string level, string code, string description, CancellationToken cancellationToken = default)
    {
        _logger.LogInformation("RTMP session {Session} -> onStatus {Code}: {Description}", _info, code, description);
        return SendCommandAsync(MediaStreamId, "onStatus", 0, AmfValue.Null, StatusObject(level, code, description), cancellationToken);
    }

    private ValueTask SendSampleAccessAsync() => SendAmfAsync(MediaStreamId, RtmpMessageType.DataAmf0, RtmpChunkStreamId.Data,
        body => { var writer = new Amf0Writer(body); writer.WriteString("|RtmpSampleAccess"); writer.WriteBoolean(true); writer.WriteBoolean(true); });

    private ValueTask SendCommandAsync(uint streamId, string name, double transactionId, AmfValue commandObject, AmfValue argument,
        CancellationToken cancellationToken = default) =>
        SendAmfAsync(streamId, RtmpMessageType.CommandAmf0, RtmpChunkStreamId.Command,
            body => RtmpCommand.Write(body, name, transactionId, commandObject, argument), cancellationToken);

    private async ValueTask SendAmfAsync(uint streamId, byte typeId, int chunkStreamId, Action<IBufferWriter<byte>> write,
        CancellationToken cancellationToken = default)
    {
        if (!cancellationToken.CanBeCanceled)
            cancellationToken = _closing.Token;
        var body = new ArrayBufferWriter<byte>(256);
        write(body);
        await _output.SendAsync((streamId, typeId, chunkStreamId, body), static (o, s) =>
            o.Chunks.Write(o.Pipe, s.chunkStreamId, s.typeId, 0, s.streamId, s.body.WrittenSpan), cancellationToken).ConfigureAwait(false);
    }
}
