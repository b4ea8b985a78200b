using System.Buffers;
using InteropGateway.Adapters.Rtmp.Protocol;

namespace InteropGateway.Tests.Rtmp;

public class ProtocolControlTests
{
    private static RtmpMessage ReadBack(Action<ChunkWriter, ArrayBufferWriter<byte>> write)
    {
        var output = new ArrayBufferWriter<byte>();
        write(new ChunkWriter(), output);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(output.WrittenMemory));
        Assert.True(new ChunkReader().TryRead(ref reader, out var message));
        Assert.Equal(0, reader.Remaining);
        Assert.Equal(0u, message.StreamId);
        return message;
    }

    [Fact]
    public void ControlMessages_RoundTrip()
    {
        using (var m = ReadBack((w, o) => ProtocolControlMessages.WriteSetChunkSize(w, o, 4096)))
            Assert.Equal((RtmpMessageType.SetChunkSize, 4096u), (m.TypeId, ProtocolControlMessages.ParseSetChunkSize(m.Span)));
        using (var m = ReadBack((w, o) => ProtocolControlMessages.WriteAbort(w, o, 6)))
            Assert.Equal(6, ProtocolControlMessages.ParseAbort(m.Span));
        using (var m = ReadBack((w, o) => ProtocolControlMessages.WriteAcknowledgement(w, o, 0xFFFF_FFF0)))
            Assert.Equal(0xFFFF_FFF0u, ProtocolControlMessages.ParseAcknowledgement(m.Span));
        using (var m = ReadBack((w, o) => ProtocolControlMessages.WriteWindowAcknowledgementSize(w, o, 2_500_000)))
            Assert.Equal(2_500_000u, ProtocolControlMessages.ParseWindowAcknowledgementSize(m.Span));
        using (var m = ReadBack((w, o) => ProtocolControlMessages.WriteSetPeerBandwidth(w, o, 2_500_000, PeerBandwidthLimitType.Dynamic)))
            Assert.Equal((2_500_000u, PeerBandwidthLimitType.Dynamic), ProtocolControlMessages.ParseSetPeerBandwidth(m.Span));
    }

    [Fact]
    public void UserControlEvents_RoundTrip()
    {
        var cases = new (Action<ChunkWriter, ArrayBufferWriter<byte>> Write, UserControlEvent Expected)[]
        {
            ((w, o) => UserControlMessages.WriteStreamBegin(w, o, 1), new(UserControlEventType.StreamBegin, 1)),
            ((w, o) => UserControlMessages.WriteStreamEof(w, o, 1), new(UserControlEventType.StreamEof, 1)),
            ((w, o) => UserControlMessages.WriteStreamDry(w, o, 1), new(UserControlEventType.StreamDry, 1)),
            ((w, o) => UserControlMessages.WritePingRequest(w, o, 123456), new(UserControlEventType.PingRequest, 123456)),
            ((w, o) => UserControlMessages.WritePingResponse(w, o, 123456), new(UserControlEventType.PingResponse, 123456)),
            ((w, o) => UserControlMessages.WriteSetBufferLength(w, o, 1, 3000), new(UserControlEventType.SetBufferLength, 1, 3000)),
        };
        foreach (var (write, expected) in cases)
        {
            using var message = ReadBack(write);
            Assert.Equal(RtmpMessageType.UserControl, message.TypeId);
            Assert.Equal(expected, UserControlMessages.Parse(message.Span));
        }
    }

    [Fact]
    public void TruncatedControlMessages_Throw()
    {
        Assert.Throws<RtmpProtocolException>(() => ProtocolControlMessages.ParseSetChunkSize([0, 0, 1]));
        Assert.Throws<RtmpProtocolException>(() => ProtocolControlMessages.ParseSetPeerBandwidth([0, 0, 1, 0]));
        Assert.Throws<RtmpProtocolException>(() => UserControlEvent.Parse([0, 3, 0, 0, 0, 1, 0, 0]));
    }
}
