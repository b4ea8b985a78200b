using System.Buffers;
using Microsoft.AspNetCore.Connections;
using InteropGateway.Adapters.Rtmp.Flv;
using InteropGateway.Adapters.Rtmp.Protocol;

namespace InteropGateway.Adapters.Rtmp.Client;

/// <summary>The read loop: chunk reassembly (same ChunkReader as the server), control messages, replies, media.</summary>
public sealed partial class RtmpClientConnection
{
    private async Task ReadLoopAsync()
    {
        string reason;
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(_closed.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    var consumed = _chunks.ReadAll(buffer, _batch);
                    _bytesReceived += buffer.Slice(0, consumed).Length;
                    _input.AdvanceTo(consumed, buffer.End);
                    foreach (var message in _batch)
                        await HandleMessageAsync(message).ConfigureAwait(false);
                }
                finally
                {
                    foreach (var message in _batch)
                        message.Dispose();
                    _batch.Clear();
                }
                await AcknowledgeIfDueAsync().ConfigureAwait(false);
                if (result.IsCompleted)
                {
                    reason = "server closed the connection";
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested)
        {
            reason = CloseReason ?? "closed";
        }
        catch (RtmpProtocolException ex)
        {
            reason = $"protocol error ({ex.Reason}): {ex.Message}";
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException or ConnectionResetException)
        {
            reason = $"connection lost: {ex.Message}";
        }
        Close(reason);
    }

    private async ValueTask HandleMessageAsync(RtmpMessage message)
    {
        switch (message.TypeId)
        {
            case RtmpMessageType.Audio:
            case RtmpMessageType.Video:
            case RtmpMessageType.DataAmf0:
            case RtmpMessageType.DataAmf3:
                MediaReceived?.Invoke(message.TypeId, message.Timestamp, message.Span);
                break;
            case RtmpMessageType.Aggregate:
                DeliverAggregate(message.Timestamp, message.Span);
                break;
            case RtmpMessageType.CommandAmf0:
            case RtmpMessageType.CommandAmf3:
                HandleCommand(RtmpCommand.Parse(message, _options.Limits.MaxAmfDepth));
                break;
            case RtmpMessageType.WindowAcknowledgementSize:
                _serverWindowAckSize = Math.Max(1u, ProtocolControlMessages.ParseWindowAcknowledgementSize(message.Span));
                break;
            case RtmpMessageType.SetPeerBandwidth:
                // Answer with our window, as Flash and librtmp do; some servers wait for it before sending media.
                var (window, _) = ProtocolControlMessages.ParseSetPeerBandwidth(message.Span);
                await _output.SendAsync(window, static (o, w) =>
                    ProtocolControlMessages.WriteWindowAcknowledgementSize(o.Chunks, o.Pipe, w), _closed.Token).ConfigureAwait(false);
                break;
            case RtmpMessageType.UserControl:
                var control = UserControlEvent.Parse(message.Span);
                if (control.EventType == UserControlEventType.PingRequest)
                    await _output.SendAsync(control.Value, static (o, ts) =>
                        UserControlMessages.WritePingResponse(o.Chunks, o.Pipe, ts), _closed.Token).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// An aggregate message (Wowza, FMS and some CDN edges send them to players) is a run of FLV
    /// tags; their timestamps are relative to the first one, which the message timestamp replaces.
    /// </summary>
    private void DeliverAggregate(uint messageTimestamp, ReadOnlySpan<byte> payload)
    {
        uint? first = null;
        while (payload.Length > 0)
        {
            if (payload.Length < FlvFileWriter.TagHeaderLength)
                throw new RtmpProtocolException("aggregate-malformed", $"aggregate message ends with {payload.Length} stray bytes");
            var type = (byte)(payload[0] & 0x1F);
            var length = payload[1] << 16 | payload[2] << 8 | payload[3];
            var timestamp = (uint)(payload[7] << 24 | payload[4] << 16 | payload[5] << 8 | payload[6]);
            var total = FlvFileWriter.TagHeaderLength + length + 4;
            if (payload.Length < FlvFileWriter.TagHeaderLength + length)
                throw new RtmpProtocolException("aggregate-malformed", $"aggregate sub-message of {length} bytes overruns the message");
            first ??= timestamp;
            if (type is RtmpMessageType.Audio or RtmpMessageType.Video or RtmpMessageType.DataAmf0)
                MediaReceived?.Invoke(type, unchecked(messageTimestamp + (timestamp - first.Value)), payload.Slice(FlvFileWriter.TagHeaderLength, length));
            payload = payload[Math.Min(total, payload.Length)..];
        }
    }

    private async ValueTask AcknowledgeIfDueAsync()
    {
        if (_bytesReceived - _bytesAcknowledged < _serverWindowAckSize)
            return;
        _bytesAcknowledged = _bytesReceived;
        await _output.SendAsync(unchecked((uint)_bytesReceived), static (o, sequence) =>
            ProtocolControlMessages.WriteAcknowledgement(o.Chunks, o.Pipe, sequence), _closed.Token).ConfigureAwait(false);
    }
}
