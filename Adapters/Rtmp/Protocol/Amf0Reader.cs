using System.Buffers.Binary;
using System.Text;

namespace InteropGateway.Adapters.Rtmp.Protocol;

/// <summary>
/// Decodes AMF0 values from a complete message payload. Truncation, unsupported markers
/// (reference, AMF3 switch, record set, movie clip) and nesting deeper than the limit are protocol
/// errors. Every count and length is checked against the bytes left before anything is allocated.
/// </summary>
public ref struct Amf0Reader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _maxDepth;
    private int _position;

    public Amf0Reader(ReadOnlySpan<byte> data, int maxDepth = 32)
    {
        _data = data;
        _maxDepth = maxDepth;
        _position = 0;
    }

    public bool IsAtEnd => _position >= _data.Length;
    public int Position => _position;

    public AmfValue ReadValue() => ReadValue(0);

    public double ReadNumber()
    {
        var value = ReadValue(0);
        return value.Type == AmfType.Number ? value.AsNumber : throw Malformed("amf-unexpected-type", $"expected a number, got {value.Type}");
    }

    public string ReadString()
    {
        var value = ReadValue(0);
        return value.Type == AmfType.String ? value.AsString : throw Malformed("amf-unexpected-type", $"expected a string, got {value.Type}");
    }

    private AmfValue ReadValue(int depth)
    {
        var marker = ReadByte();
        switch (marker)
        {
            case Amf0Marker.Number:
                return AmfValue.Number(ReadDouble());
            case Amf0Marker.Boolean:
                return AmfValue.Boolean(ReadByte() != 0);
            case Amf0Marker.String:
                return AmfValue.String(ReadUtf8(ReadUInt16()));
            case Amf0Marker.LongString:
            case Amf0Marker.XmlDocument:
                return AmfValue.String(ReadUtf8(ReadUInt32Length()));
            case Amf0Marker.Null:
                return AmfValue.Null;
            case Amf0Marker.Undefined:
                return AmfValue.Undefined;
            case Amf0Marker.Object:
                return AmfValue.Object(ReadProperties(depth + 1, endOptional: false));
            case Amf0Marker.TypedObject:
                ReadUtf8(ReadUInt16()); // the class name means nothing to us: read as a plain object
                return AmfValue.Object(ReadProperties(depth + 1, endOptional: false));
            case Amf0Marker.EcmaArray:
                ReadUInt32(); // the count is only a hint and often wrong; the end marker terminates
                return AmfValue.EcmaArray(ReadProperties(depth + 1, endOptional: true));
            case Amf0Marker.StrictArray:
                return AmfValue.StrictArray(ReadStrictArray(depth + 1));
            case Amf0Marker.Date:
                var milliseconds = ReadDouble();
                var timezone = (short)ReadUInt16();
                return AmfValue.Date(milliseconds, timezone);
            case Amf0Marker.Reference:
                throw Malformed("amf-reference", "AMF0 references are not supported");
            case Amf0Marker.AvmPlus:
                throw Malformed("amf3-value", "AMF3 values are not supported");
            default:
                throw Malformed("amf-bad-marker", $"unsupported AMF0 marker 0x{marker:X2}");
        }
    }

    private AmfObject ReadProperties(int depth, bool endOptional)
    {
        CheckDepth(depth);
        var properties = new AmfObject();
        // Each property consumes at least 3 bytes, so this ends with the data.
        while (true)
        {
            if (endOptional && IsAtEnd)
                return properties; // some encoders end metadata ECMA arrays without the end marker
            var name = ReadUtf8(ReadUInt16());
            if (name.Length == 0 && Peek() == Amf0Marker.ObjectEnd)
            {
                _position++;
                return properties;
            }
            properties.Set(name, ReadValue(depth));
        }
    }

    private List<AmfValue> ReadStrictArray(int depth)
    {
        CheckDepth(depth);
        var count = ReadUInt32Length(); // each element takes at least one byte: bounded by the data
        var items = new List<AmfValue>(count);
        for (var i = 0; i < count; i++)
            items.Add(ReadValue(depth));
        return items;
    }

    private void CheckDepth(int depth)
    {
        if (depth > _maxDepth)
            throw Malformed("amf-too-deep", $"AMF nesting deeper than {_maxDepth}");
    }

    private byte Peek() => !IsAtEnd ? _data[_position] : throw Truncated();

    private byte ReadByte() => !IsAtEnd ? _data[_position++] : throw Truncated();

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _data.Length - _position)
            throw Truncated();
        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    private ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));
    private uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));
    private double ReadDouble() => BinaryPrimitives.ReadDoubleBigEndian(Take(8));

    /// <summary>A 32-bit length that must fit in the remaining data.</summary>
    private int ReadUInt32Length()
    {
        var length = ReadUInt32();
        return length <= (uint)(_data.Length - _position) ? (int)length : throw Truncated();
    }

    private string ReadUtf8(int length) => length == 0 ? string.Empty : Encoding.UTF8.GetString(Take(length));

    private static RtmpProtocolException Truncated() => new("amf-truncated", "AMF0 data ends inside a value");

    private static RtmpProtocolException Malformed(string reason, string message) => new(reason, message);
}
