using System.Buffers;

namespace InteropGateway.Adapters.Rtmp.Protocol;

/// <summary>
/// A data message (type 18, or 15 = AMF3 wrapper of AMF0 values): a handler name and values.
/// Publishers send "@setDataFrame", "onMetaData", {metadata}; players receive "onMetaData", {metadata}.
/// </summary>
public sealed class RtmpDataMessage
{
    public const string SetDataFrame = "@setDataFrame";
    public const string OnMetaData = "onMetaData";

    public RtmpDataMessage(string name, IReadOnlyList<AmfValue> values)
    {
        Name = name;
        Values = values;
    }

    public string Name { get; }
    public IReadOnlyList<AmfValue> Values { get; }

    public static RtmpDataMessage Parse(byte typeId, ReadOnlySpan<byte> payload, int maxAmfDepth = 32)
    {
        var body = RtmpCommand.StripAmf3Prefix(typeId, RtmpMessageType.DataAmf3, RtmpMessageType.DataAmf0, payload);
        var reader = new Amf0Reader(body, maxAmfDepth);
        var name = reader.ReadValue();
        if (name.Type != AmfType.String)
            throw new RtmpProtocolException("data-without-name", $"data message starts with {name.Type}, not a string");
        var values = new List<AmfValue>();
        while (!reader.IsAtEnd)
            values.Add(reader.ReadValue());
        return new RtmpDataMessage(name.AsString, values);
    }

    public static RtmpDataMessage Parse(RtmpMessage message, int maxAmfDepth = 32) => Parse(message.TypeId, message.Span, maxAmfDepth);

    /// <summary>The onMetaData properties, or null when this is not a metadata message.</summary>
    public IReadOnlyDictionary<string, AmfValue>? Metadata => TryGetMetadata(out var metadata) ? metadata : null;

    /// <summary>
    /// The onMetaData properties, whether sent as "@setDataFrame","onMetaData",{..} or "onMetaData",{..};
    /// object and ECMA array forms both accepted.
    /// </summary>
    public bool TryGetMetadata(out IReadOnlyDictionary<string, AmfValue> metadata)
    {
        metadata = null!;
        var index = 0;
        if (Name == SetDataFrame)
        {
            if (Values.Count == 0 || Values[0].StringOrNull != OnMetaData)
                return false;
            index = 1;
        }
        else if (Name != OnMetaData)
        {
            return false;
        }
        if (index >= Values.Count || !Values[index].IsObjectLike)
            return false;
        metadata = Values[index].AsObject.ToDictionary();
        return true;
    }

    /// <summary>Encodes "onMetaData" + ECMA array, the form players expect (type 18).</summary>
    public static void WriteOnMetaData(IBufferWriter<byte> output, AmfObject metadata)
    {
        var writer = new Amf0Writer(output);
        writer.WriteString(OnMetaData);
        writer.WriteEcmaArray(metadata);
    }
}
