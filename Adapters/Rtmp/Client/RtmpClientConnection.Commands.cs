using System.Buffers;
using InteropGateway.Adapters.Rtmp.Protocol;
using InteropGateway.Adapters.Rtmp.Server;

namespace InteropGateway.Adapters.Rtmp.Client;

/// <summary>Commands: calls awaiting _result/_error by transaction id, and the onStatus a publish/play waits for.</summary>
public sealed partial class RtmpClientConnection
{
    private readonly object _commandGate = new();
    private readonly Dictionary<double, TaskCompletionSource<RtmpCommand>> _pending = new();
    private (string Code, TaskCompletionSource Started)? _expectedStatus;
    private long _transaction;

    private double NextTransaction() => Interlocked.Increment(ref _transaction);

    /// <summary>Sends a command and waits for its _result (returned) or _error (thrown as <see cref="RtmpClientException"/>).</summary>
    private async Task<RtmpCommand> CallAsync(string name, AmfValue commandObject, CancellationToken cancellationToken)
    {
        var transaction = NextTransaction();
        var reply = new TaskCompletionSource<RtmpCommand>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_commandGate)
        {
            if (CloseReason is { } reason)
                throw new RtmpClientException(RtmpClientException.ConnectionClosed, reason);
            _pending[transaction] = reply;
        }
        await SendCommandAsync(0, name, transaction, commandObject, [], cancellationToken).ConfigureAwait(false);
        return await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Arms the wait for an onStatus <paramref name="code"/> (an error-level status fails it) before the command that causes it is sent.</summary>
    private Task ExpectStatus(string code)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_commandGate)
            _expectedStatus = (code, started);
        return started.Task;
    }

    private ValueTask SendCommandAsync(uint streamId, string name, double transaction, AmfValue commandObject, params AmfValue[] arguments) =>
        SendCommandAsync(streamId, name, transaction, commandObject, arguments, _closed.Token);

    private ValueTask SendCommandAsync(uint streamId, string name, double transaction, AmfValue commandObject, AmfValue[] arguments,
        CancellationToken cancellationToken)
    {
        // Commands are rare (a handful per connection): building the body in a fresh buffer is fine.
        var body = new ArrayBufferWriter<byte>(256);
        RtmpCommand.Write(body, name, transaction, commandObject, arguments);
        return _output.SendAsync((streamId, body), static (o, m) =>
            o.Chunks.Write(o.Pipe, RtmpChunkStreamId.Command, RtmpMessageType.CommandAmf0, 0, m.streamId, m.body.WrittenSpan), cancellationToken);
    }

    private void HandleCommand(RtmpCommand command)
    {
        switch (command.Name)
        {
            case "_result":
            case "_error":
                TaskCompletionSource<RtmpCommand>? reply;
                lock (_commandGate)
                    _pending.Remove(command.TransactionId, out reply);
                if (reply is null)
                    return; // answers to releaseStream/FCPublish, which nobody waits for
                if (command.Name == "_result")
                    reply.TrySetResult(command);
                else
                    reply.TrySetException(Refusal(command.Argument(0), "command refused"));
                break;
            case "onStatus":
                HandleStatus(command.Argument(0));
                break;
            case "close":
                Close("server sent close");
                break;
        }
    }

    private void HandleStatus(AmfValue info)
    {
        var level = info.GetString("level") ?? "";
        var code = info.GetString("code") ?? "";
        var description = info.GetString("description") ?? "";
        TaskCompletionSource? started = null;
        lock (_commandGate)
        {
            if (_expectedStatus is { } expected && (expected.Code == code || level == RtmpStatus.LevelError))
            {
                started = expected.Started;
                _expectedStatus = null;
            }
        }
        if (started is not null)
        {
            if (level == RtmpStatus.LevelError)
                started.TrySetException(Refusal(info, "refused"));
            else
                started.TrySetResult();
            return;
        }
        if (StatusReceived is { } handler)
            handler(level, code, description);
        else if (level == RtmpStatus.LevelError)
            Close($"server said {code}: {description}");
    }

    private static RtmpClientException Refusal(AmfValue info, string fallback) =>
        new(info.GetString("code") ?? "error", info.GetString("description") ?? fallback);

    private void FailPendingCommands(string reason)
    {
        lock (_commandGate)
        {
            foreach (var reply in _pending.Values)
                reply.TrySetException(new RtmpClientException(RtmpClientException.ConnectionClosed, reason));
            _pending.Clear();
            _expectedStatus?.Started.TrySetException(new RtmpClientException(RtmpClientException.ConnectionClosed, reason));
            _expectedStatus = null;
        }
    }
}
