using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace InteropGateway.Adapters.Rtmp.Protocol;

/// <summary>Encodes AMF0 values into an <see cref="IBufferWriter{T}"/> (command and data message payloads).</summary>
public readonly struct Amf0Writer
{
    private readonly IBufferWriter<byte> _output;

    public Amf0Writer(IBufferWriter<byte> output)
    {
        _output = output;
    }

    public void WriteNumber(double value)
    {
        var span = _output.GetSpan(9);
        span[0] = Amf0Marker.Number;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        _output.Advance(9);
    }

    public void WriteBoolean(bool value)
    {
        var span = _output.GetSpan(2);
        span[0] = Amf0Marker.Boolean;
        span[1] = value ? (byte)1 : (byte)0;
        _output.Advance(2);
    }

    /// <summary>Writes a string, as a long string when its UTF-8 form exceeds 65535 bytes.</summary>
    public void WriteString(string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        if (byteCount > ushort.MaxValue)
        {
            var span = _output.GetSpan(5);
            span[0] = Amf0Marker.LongString;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)byteCount);
            _output.Advance(5);
            WriteUtf8(value, byteCount);
            return;
        }
        WriteMarker(Amf0Marker.String);
        WritePropertyName(value);
    }

    public void WriteNull() => WriteMarker(Amf0Marker.Null);
    public void WriteUndefined() => WriteMarker(Amf0Marker.Undefined);

    public void WriteDate(double unixMilliseconds, short timezoneMinutes = 0)
    {
        var span = _output.GetSpan(11);
        span[0] = Amf0Marker.Date;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], unixMilliseconds);
        BinaryPrimitives.WriteInt16BigEndian(span[9..], timezoneMinutes);
        _output.Advance(11);
    }

    public void WriteObject(AmfObject properties)
    {
        WriteMarker(Amf0Marker.Object);
        WriteProperties(properties);
    }

    public void WriteEcmaArray(AmfObject properties)
    {
        var span = _output.GetSpan(5);
        span[0] = Amf0Marker.EcmaArray;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)properties.Count);
        _output.Advance(5);
        WriteProperties(properties);
    }

    public void WriteStrictArray(IReadOnlyList<AmfValue> items)
    {
        var span = _output.GetSpan(5);
        span[0] = Amf0Marker.StrictArray;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)items.Count);
        _output.Advance(5);
        foreach (var item in items)
            WriteValue(item);
    }

    public void WriteValue(AmfValue value)
    {
        switch (value.Type)
        {
            case AmfType.Number: WriteNumber(value.AsNumber); break;
            case AmfType.Boolean: WriteBoolean(value.AsBoolean); break;
            case AmfType.String: WriteString(value.AsString); break;
            case AmfType.Object: WriteObject(value.AsObject); break;
            case AmfType.EcmaArray: WriteEcmaArray(value.AsObject); break;
            case AmfType.StrictArray: WriteStrictArray(value.AsArray); break;
            case AmfType.Date: WriteDate(value.AsNumber, value.DateTimezoneMinutes); break;
            case AmfType.Undefined: WriteUndefined(); break;
            default: WriteNull(); break;
        }
    }

    private void WriteProperties(AmfObject properties)
    {
        foreach (var (name, value) in properties)
        {
            WritePropertyName(name);
            WriteValue(value);
        }
        var span = _output.GetSpan(3);
        span[0] = 0;
        span[1] = 0;
        span[2] = Amf0Marker.ObjectEnd;
        _output.Advance(3);
    }

    private void WritePropertyName(string name)
    {
        var byteCount = Encoding.UTF8.GetByteCount(name);
        if (byteCount > ushort.MaxValue)
            throw new ArgumentException("AMF0 property names and short strings are at most 65535 bytes", nameof(name));
        var span = _output.GetSpan(2);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)byteCount);
        _output.Advance(2);
        WriteUtf8(name, byteCount);
    }

    private void WriteUtf8(string value, int byteCount)
    {
        if (byteCount == 0)
            return;
        var span = _output.GetSpan(byteCount);
        Encoding.UTF8.GetBytes(value, span);
        _output.Advance(byteCount);
    }

    private void WriteMarker(byte marker)
    {
        _output.GetSpan(1)[0] = marker;
        _output.Advance(1);
    }
}
