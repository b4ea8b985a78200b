using System.Buffers;
using InteropGateway.Adapters.Rtmp.Flv;
using InteropGateway.Adapters.Rtmp.Protocol;

namespace InteropGateway.Tests.Rtmp;

/// <summary>
/// Random bytes after the handshake, through every parser a session uses: the only failure allowed
/// is a typed <see cref="RtmpProtocolException"/> (which closes that one connection with a reason).
/// Any other exception would be an unhandled crash path. Seeded and bounded, so it is repeatable.
/// </summary>
public class FuzzTests
{
    [Fact]
    public void Random_input_only_ever_fails_with_a_protocol_error()
    {
        var outcomes = new Dictionary<string, int>();
        for (var seed = 0; seed < 3000; seed++)
        {
            var random = new Random(seed);
            var input = seed % 3 == 0 ? RandomBytes(random, random.Next(1, 4096)) : FramedRandomMessage(random);
            var outcome = Run(input);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        // Both ends must be reached, or the fuzz is not exercising the parsers behind the chunk reader.
        Assert.True(outcomes.GetValueOrDefault("protocol error") > 300 && outcomes.GetValueOrDefault("parsed") > 300, string.Join(", ", outcomes));
        Assert.True(outcomes.Keys.All(k => k is "protocol error" or "incomplete" or "parsed"), string.Join(", ", outcomes));
    }

    private static readonly byte[] MessageTypes = [1, 2, 3, 4, 5, 6, 8, 9, 15, 17, 18, 20];

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Well-framed chunks of a random message type whose payload is random, sometimes behind a valid AMF command name.</summary>
    private static byte[] FramedRandomMessage(Random random)
    {
        var type = MessageTypes[random.Next(MessageTypes.Length)];
        var payload = RandomBytes(random, random.Next(0, 600));
        if (type is RtmpMessageType.CommandAmf0 or RtmpMessageType.DataAmf0 && random.Next(2) == 0)
        {
            var prefix = new ArrayBufferWriter<byte>();
            var amf = new Amf0Writer(prefix);
            amf.WriteString(type == RtmpMessageType.DataAmf0 ? "@setDataFrame" : "connect");
            amf.WriteNumber(1);
            payload = [.. prefix.WrittenSpan, .. payload];
        }
        else if (type is RtmpMessageType.Video && payload.Length > 2)
        {
            payload[0] = (byte)(random.Next(2) == 0 ? 0x17 : 0x27); // AVC key/inter frame, random packet type and body
        }
        else if (type is RtmpMessageType.Audio && payload.Length > 2)
        {
            payload[0] = 0xAF; // AAC, random packet type and body
        }
        var output = new ArrayBufferWriter<byte>();
        new ChunkWriter().Write(output, RtmpChunkStreamId.Command, type, (uint)random.Next(), 1, payload);
        return output.WrittenSpan.ToArray();
    }

    private static string Run(byte[] input)
    {
        using var chunks = new ChunkReader();
        var mapper = new FlvIngestMapper();
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(input));
        try
        {
            var parsedAny = false;
            while (chunks.TryRead(ref reader, out var message))
            {
                using (message)
                    Parse(chunks, mapper, message);
                parsedAny = true;
            }
            return parsedAny ? "parsed" : "incomplete";
        }
        catch (RtmpProtocolException)
        {
            return "protocol error";
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    private static void Parse(ChunkReader chunks, FlvIngestMapper mapper, RtmpMessage message)
    {
        switch (message.TypeId)
        {
            case RtmpMessageType.SetChunkSize: chunks.ApplySetChunkSize(ProtocolControlMessages.ParseSetChunkSize(message.Span)); break;
            case RtmpMessageType.Abort: chunks.Abort(ProtocolControlMessages.ParseAbort(message.Span)); break;
            case RtmpMessageType.Acknowledgement: ProtocolControlMessages.ParseAcknowledgement(message.Span); break;
            case RtmpMessageType.WindowAcknowledgementSize: ProtocolControlMessages.ParseWindowAcknowledgementSize(message.Span); break;
            case RtmpMessageType.SetPeerBandwidth: ProtocolControlMessages.ParseSetPeerBandwidth(message.Span); break;
            case RtmpMessageType.UserControl: UserControlEvent.Parse(message.Span); break;
            case RtmpMessageType.CommandAmf0 or RtmpMessageType.CommandAmf3: RtmpCommand.Parse(message); break;
            case RtmpMessageType.DataAmf0 or RtmpMessageType.DataAmf3: RtmpDataMessage.Parse(message).TryGetMetadata(out _); break;
            case RtmpMessageType.Audio or RtmpMessageType.Video:
                mapper.Map(message.TypeId, message.Timestamp, message.Span).Frame?.Release();
                break;
        }
    }
}
