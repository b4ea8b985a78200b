using System.Buffers;

namespace InteropGateway.Adapters.Rtmp.Protocol;

/// <summary>
/// A command message (connect, createStream, publish, play, _result, onStatus ...): name,
/// transaction id, command object (often null) and the remaining arguments.
/// </summary>
public sealed class RtmpCommand
{
    public RtmpCommand(string name, double transactionId, AmfValue commandObject, IReadOnlyList<AmfValue> arguments)
    {
        Name = name;
        TransactionId = transactionId;
        CommandObject = commandObject;
        Arguments = arguments;
    }

    public string Name { get; }
    public double TransactionId { get; }
    public AmfValue CommandObject { get; }
    public IReadOnlyList<AmfValue> Arguments { get; }

    /// <summary>The argument at <paramref name="index"/>, or undefined when absent (clients often omit trailing ones).</summary>
    public AmfValue Argument(int index) => index < Arguments.Count ? Arguments[index] : AmfValue.Undefined;

    /// <summary>Parses a type 20 (AMF0) or type 17 (AMF3 command whose values are AMF0 after a 0x00 format byte).</summary>
    public static RtmpCommand Parse(byte typeId, ReadOnlySpan<byte> payload, int maxAmfDepth = 32)
    {
        var body = StripAmf3Prefix(typeId, RtmpMessageType.CommandAmf3, RtmpMessageType.CommandAmf0, payload);
        var reader = new Amf0Reader(body, maxAmfDepth);
        var name = reader.ReadValue();
        if (name.Type != AmfType.String)
            throw new RtmpProtocolException("command-without-name", $"command starts with {name.Type}, not a string");
        // Some clients end a command after the name (e.g. notify-style calls): default to 0 / null.
        var transactionId = 0d;
        var commandObject = AmfValue.Null;
        if (!reader.IsAtEnd)
        {
            var id = reader.ReadValue();
            transactionId = id.Type == AmfType.Number ? id.AsNumber : 0;
        }
        if (!reader.IsAtEnd)
            commandObject = reader.ReadValue();
        var arguments = new List<AmfValue>();
        // Each value consumes at least one byte, so this is bounded by the payload.
        while (!reader.IsAtEnd)
            arguments.Add(reader.ReadValue());
        return new RtmpCommand(name.AsString, transactionId, commandObject, arguments);
    }

    public static RtmpCommand Parse(RtmpMessage message, int maxAmfDepth = 32) => Parse(message.TypeId, message.Span, maxAmfDepth);

    /// <summary>Encodes a command payload (AMF0); send it with type 20 on chunk stream 3.</summary>
    public static void Write(IBufferWriter<byte> output, string name, double transactionId, AmfValue? commandObject, params ReadOnlySpan<AmfValue> arguments)
    {
        var writer = new Amf0Writer(output);
        writer.WriteString(name);
        writer.WriteNumber(transactionId);
        writer.WriteValue(commandObject ?? AmfValue.Null);
        foreach (var argument in arguments)
            writer.WriteValue(argument);
    }

    internal static ReadOnlySpan<byte> StripAmf3Prefix(byte typeId, byte amf3Type, byte amf0Type, ReadOnlySpan<byte> payload)
    {
        if (typeId == amf3Type)
        {
            // AMF3-typed messages start with a format byte; 0 means the values that follow are AMF0.
            if (payload.IsEmpty || payload[0] != 0)
                throw new RtmpProtocolException("amf3-message", "AMF3 message without the AMF0 format byte");
            return payload[1..];
        }
        if (typeId != amf0Type)
            throw new ArgumentException($"message type {typeId} is not a command/data message", nameof(typeId));
        return payload;
    }

    public override string ToString() => $"{Name}({TransactionId}) {CommandObject} [{string.Join(", ", Arguments)}]";
}
