using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.RelayNode.Wire;

/// <summary>
/// Writes relay records (<see cref="RelayWireFormat"/>) into a buffer writer, usually a PipeWriter
/// of an HTTP body. Stateless: <see cref="RelayStreamEncoder"/> decides when a track is announced.
/// </summary>
public static class RelayWireWriter
{
    public static void WritePreamble(IBufferWriter<byte> output)
    {
        var span = output.GetSpan(RelayWireFormat.PreambleLength);
        RelayWireFormat.Magic.CopyTo(span);
        span[4] = RelayWireFormat.Version;
        output.Advance(RelayWireFormat.PreambleLength);
    }

    /// <param name="protocol">The source's matrix protocol ("rtmp", "webrtc", ...): ASCII, at most 255 characters.</param>
    public static void WriteHello(IBufferWriter<byte> output, string protocol)
    {
        if (protocol.Length is 0 or > byte.MaxValue || !Ascii.IsValid(protocol))
            throw new ArgumentException($"protocol '{protocol}' is not 1-255 ASCII characters", nameof(protocol));
        var span = output.GetSpan(RelayWireFormat.RecordHeaderLength + 1 + protocol.Length);
        WriteRecordHeader(span, RelayRecordType.Hello, 1 + protocol.Length);
        span[RelayWireFormat.RecordHeaderLength] = (byte)protocol.Length;
        Encoding.ASCII.GetBytes(protocol, span[(RelayWireFormat.RecordHeaderLength + 1)..]);
        output.Advance(RelayWireFormat.RecordHeaderLength + 1 + protocol.Length);
    }

    public static void WriteTrack(IBufferWriter<byte> output, int trackId, TrackConfig track)
    {
        var codec = RelayWireFormat.WireCodec(track.Codec);
        if (codec == 0)
            throw new ArgumentException($"codec {track.Codec} has no wire number", nameof(track));
        var extradata = track.Extradata.Span;
        var bodyLength = RelayWireFormat.TrackFixedLength + extradata.Length;
        var span = output.GetSpan(RelayWireFormat.RecordHeaderLength + bodyLength);
        WriteRecordHeader(span, RelayRecordType.Track, bodyLength);
        var body = span[RelayWireFormat.RecordHeaderLength..];
        body[0] = checked((byte)trackId);
        body[1] = (byte)track.Kind;
        body[2] = codec;
        BinaryPrimitives.WriteInt32BigEndian(body[3..], track.Width);
        BinaryPrimitives.WriteInt32BigEndian(body[7..], track.Height);
        BinaryPrimitives.WriteInt32BigEndian(body[11..], track.SampleRate);
        BinaryPrimitives.WriteInt32BigEndian(body[15..], track.Channels);
        extradata.CopyTo(body[RelayWireFormat.TrackFixedLength..]);
        output.Advance(RelayWireFormat.RecordHeaderLength + bodyLength);
    }

    public static void WriteFrame(IBufferWriter<byte> output, int trackId, MediaFrame frame)
    {
        var headerLength = RelayWireFormat.RecordHeaderLength + RelayWireFormat.FrameHeaderLength;
        var span = output.GetSpan(headerLength);
        WriteRecordHeader(span, RelayRecordType.Frame, RelayWireFormat.FrameHeaderLength + frame.Length);
        var body = span[RelayWireFormat.RecordHeaderLength..];
        body[0] = checked((byte)trackId);
        body[1] = frame.IsKeyframe ? RelayWireFormat.KeyframeFlag : (byte)0;
        BinaryPrimitives.WriteInt64BigEndian(body[2..], frame.Dts);
        BinaryPrimitives.WriteInt64BigEndian(body[10..], frame.Pts);
        output.Advance(headerLength);
        output.Write(frame.Payload.Span);
    }

    public static void WriteEnd(IBufferWriter<byte> output, string reason)
    {
        var length = Encoding.UTF8.GetByteCount(reason);
        var span = output.GetSpan(RelayWireFormat.RecordHeaderLength + length);
        WriteRecordHeader(span, RelayRecordType.End, length);
        Encoding.UTF8.GetBytes(reason, span[RelayWireFormat.RecordHeaderLength..]);
        output.Advance(RelayWireFormat.RecordHeaderLength + length);
    }

    private static void WriteRecordHeader(Span<byte> span, RelayRecordType type, int bodyLength)
    {
        span[0] = (byte)type;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], checked((uint)bodyLength));
    }
}
