using System.Buffers;
using InteropGateway.Adapters.Rtmp.Protocol;

namespace InteropGateway.Tests.Rtmp;

public class AmfTests
{
    private static byte[] Encode(Action<Amf0Writer> write)
    {
        var output = new ArrayBufferWriter<byte>();
        write(new Amf0Writer(output));
        return output.WrittenSpan.ToArray();
    }

    [Fact]
    public void AllValueTypes_RoundTrip()
    {
        var nested = new AmfObject().Set("level", "status").Set("code", "NetStream.Publish.Start").Set("n", 3.5);
        var values = new AmfValue[]
        {
            42.25, true, false, "héllo", "", AmfValue.Null, AmfValue.Undefined,
            AmfValue.String(new string('x', 70_000)), // long string
            new AmfObject().Set("app", "live").Set("tcUrl", "rtmp://h/live").Set("fpad", false).Set("info", AmfValue.Object(nested)),
            AmfValue.EcmaArray(new AmfObject().Set("width", 320.0).Set("height", 240.0)),
            AmfValue.StrictArray([1.0, "two", AmfValue.Null, AmfValue.StrictArray([])]),
            AmfValue.Date(1_700_000_000_000, 0),
        };
        var bytes = Encode(w => { foreach (var v in values) w.WriteValue(v); });
        var reader = new Amf0Reader(bytes);
        foreach (var expected in values)
        {
            var actual = reader.ReadValue();
            Assert.True(expected.ValueEquals(actual), $"{expected} != {actual}");
        }
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void KnownEncoding_MatchesSpec()
    {
        Assert.Equal([0x02, 0x00, 0x02, (byte)'h', (byte)'i'], Encode(w => w.WriteString("hi")));
        Assert.Equal([0x00, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0], Encode(w => w.WriteNumber(1)));
        Assert.Equal([0x03, 0x00, 0x01, (byte)'a', 0x05, 0x00, 0x00, 0x09], Encode(w => w.WriteObject(new AmfObject().Set("a", AmfValue.Null))));
    }

    private static byte[] NestedObjects(int depth)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < depth; i++)
            bytes.AddRange(i == 0 ? [0x03] : [0x00, 0x01, (byte)'a', 0x03]);
        for (var i = 0; i < depth; i++)
            bytes.AddRange([0x00, 0x00, 0x09]);
        return bytes.ToArray();
    }

    [Fact]
    public void DepthBomb_IsRejected()
    {
        var error = Assert.Throws<RtmpProtocolException>(() => new Amf0Reader(NestedObjects(33), 32).ReadValue());
        Assert.Equal("amf-too-deep", error.Reason);
        Assert.Contains("AMF nesting deeper than 32", error.Message);
        // A 100k-deep bomb fails at the limit, not with a stack overflow.
        Assert.Throws<RtmpProtocolException>(() => new Amf0Reader(NestedObjects(100_000), 32).ReadValue());
        Assert.Equal(AmfType.Object, new Amf0Reader(NestedObjects(32), 32).ReadValue().Type);
    }

    [Theory]
    [InlineData(new byte[] { 0x07, 0x00, 0x01 }, "amf-reference")]
    [InlineData(new byte[] { 0x11, 0x01 }, "amf3-value")]
    [InlineData(new byte[] { 0x0D }, "amf-bad-marker")]
    [InlineData(new byte[] { 0x00, 0x3F }, "amf-truncated")]
    [InlineData(new byte[] { 0x02, 0xFF, 0xFF, 0x41 }, "amf-truncated")]
    [InlineData(new byte[] { 0x0C, 0xFF, 0xFF, 0xFF, 0xFF, 0x41 }, "amf-truncated")]
    [InlineData(new byte[] { 0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x05 }, "amf-truncated")] // huge count: rejected before allocating
    [InlineData(new byte[] { 0x03, 0x00, 0x01, 0x61, 0x05 }, "amf-truncated")]
    public void MalformedInput_IsRejectedWithReason(byte[] data, string reason)
    {
        var error = Assert.Throws<RtmpProtocolException>(() => new Amf0Reader(data).ReadValue());
        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void TypedObject_IsReadAsPlainObject()
    {
        byte[] data = [0x10, 0x00, 0x01, (byte)'C', 0x00, 0x01, (byte)'x', 0x01, 0x01, 0x00, 0x00, 0x09];
        var value = new Amf0Reader(data).ReadValue();
        Assert.True(value.AsObject["x"].AsBoolean);
    }

    [Fact]
    public void Command_ParsesAmf0AndAmf3Wrapped()
    {
        var payload = new ArrayBufferWriter<byte>();
        RtmpCommand.Write(payload, "connect", 1, new AmfObject().Set("app", "live").Set("tcUrl", "rtmp://localhost/live"), AmfValue.Null, "extra");
        var amf0 = RtmpCommand.Parse(RtmpMessageType.CommandAmf0, payload.WrittenSpan);
        Assert.Equal("connect", amf0.Name);
        Assert.Equal(1, amf0.TransactionId);
        Assert.Equal("live", amf0.CommandObject.GetString("app"));
        Assert.Equal(2, amf0.Arguments.Count);
        Assert.Equal("extra", amf0.Argument(1).AsString);
        Assert.Equal(AmfType.Undefined, amf0.Argument(5).Type);

        var amf3 = RtmpCommand.Parse(RtmpMessageType.CommandAmf3, [0x00, .. payload.WrittenSpan]);
        Assert.Equal("connect", amf3.Name);
        Assert.Equal("rtmp://localhost/live", amf3.CommandObject.GetString("tcUrl"));

        Assert.Throws<RtmpProtocolException>(() => RtmpCommand.Parse(RtmpMessageType.CommandAmf0, Encode(w => w.WriteNumber(1))));
    }

    [Fact]
    public void SetDataFrame_ExposesMetadata()
    {
        var payload = Encode(w =>
        {
            w.WriteString("@setDataFrame");
            w.WriteString("onMetaData");
            w.WriteEcmaArray(new AmfObject().Set("width", 320.0).Set("videocodecid", 7.0).Set("encoder", "Lavf"));
        });
        var data = RtmpDataMessage.Parse(RtmpMessageType.DataAmf0, payload);
        Assert.True(data.TryGetMetadata(out var metadata));
        Assert.Equal(320.0, metadata["width"].AsNumber);
        Assert.Equal("Lavf", metadata["encoder"].AsString);

        var played = new ArrayBufferWriter<byte>();
        RtmpDataMessage.WriteOnMetaData(played, new AmfObject().Set("width", 320.0));
        Assert.Equal(320.0, RtmpDataMessage.Parse(RtmpMessageType.DataAmf0, played.WrittenSpan).Metadata!["width"].AsNumber);
        Assert.Null(RtmpDataMessage.Parse(RtmpMessageType.DataAmf0, Encode(w => w.WriteString("|RtmpSampleAccess"))).Metadata);
    }
}
