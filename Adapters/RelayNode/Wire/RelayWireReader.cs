using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.RelayNode.Wire;

/// <summary>
/// Reads a relay body record by record (<see cref="RelayWireFormat"/>), one reader per body.
/// Every length a peer claims is checked against <see cref="RelayWireLimits"/> as soon as the
/// record header is in, before the body is awaited or anything is allocated; violations throw
/// <see cref="RelayWireException"/>. A frame's payload is copied once, into a rented <see cref="MediaFrame"/>.
/// </summary>
public sealed class RelayWireReader(RelayWireLimits limits)
{
    private readonly TrackConfig?[] _tracks = new TrackConfig?[limits.MaxTracks];
    private bool _preambleRead;
    private bool _helloRead;

    /// <summary>
    /// Decodes the next complete record, consuming it; false (nothing consumed) when more bytes are needed.
    /// </summary>
    public bool TryRead(ref SequenceReader<byte> reader, out RelayRecord record)
    {
        record = default;
        if (!_preambleRead && !TryReadPreamble(ref reader))
            return false;
        Span<byte> header = stackalloc byte[RelayWireFormat.RecordHeaderLength];
        if (!reader.TryCopyTo(header))
            return false;
        var type = (RelayRecordType)header[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        CheckLength(type, length);
        if (reader.Remaining < RelayWireFormat.RecordHeaderLength + length)
            return false;
        reader.Advance(RelayWireFormat.RecordHeaderLength);
        var body = reader.UnreadSequence.Slice(0, length);
        reader.Advance(length);
        record = Decode(type, body);
        return true;
    }

    /// <summary>Call when the body ended: bytes left over are a record cut short.</summary>
    public static void ThrowIfTruncated(long unconsumedBytes)
    {
        if (unconsumedBytes > 0)
            throw new RelayWireException(RelayWireError.Truncated, $"the body ended inside a record ({unconsumedBytes} bytes left over)");
    }

    private bool TryReadPreamble(ref SequenceReader<byte> reader)
    {
        // Checks the magic on what has arrived so far: garbage is refused at once, not after five bytes.
        var available = (int)Math.Min(reader.Remaining, RelayWireFormat.PreambleLength);
        Span<byte> preamble = stackalloc byte[RelayWireFormat.PreambleLength];
        reader.TryCopyTo(preamble[..available]);
        var magicBytes = Math.Min(available, RelayWireFormat.Magic.Length);
        if (!preamble[..magicBytes].SequenceEqual(RelayWireFormat.Magic[..magicBytes]))
            throw new RelayWireException(RelayWireError.BadMagic, "not a relay stream (bad magic)");
        if (available < RelayWireFormat.PreambleLength)
            return false;
        if (preamble[4] != RelayWireFormat.Version)
            throw new RelayWireException(RelayWireError.UnsupportedVersion, $"relay wire version {preamble[4]} is not supported (this gateway speaks {RelayWireFormat.Version})");
        reader.Advance(RelayWireFormat.PreambleLength);
        _preambleRead = true;
        return true;
    }

    private void CheckLength(RelayRecordType type, uint length)
    {
        long max = type switch
        {
            RelayRecordType.Hello => 1 + byte.MaxValue,
            RelayRecordType.Track => RelayWireFormat.TrackFixedLength + limits.MaxConfigBytes,
            RelayRecordType.Frame => RelayWireFormat.FrameHeaderLength + limits.MaxFrameBytes,
            RelayRecordType.End => limits.MaxReasonBytes,
            _ => throw new RelayWireException(RelayWireError.UnknownRecordType, $"unknown record type {(byte)type}"),
        };
        if (type != RelayRecordType.Hello && !_helloRead)
            throw new RelayWireException(RelayWireError.MissingHello, $"a {type} record came before the Hello");
        if (length <= max)
            return;
        var error = type switch
        {
            RelayRecordType.Track => RelayWireError.ConfigTooLarge,
            _ => RelayWireError.RecordTooLarge,
        };
        throw new RelayWireException(error, $"{type} record of {length} bytes exceeds the limit of {max}");
    }

    private RelayRecord Decode(RelayRecordType type, ReadOnlySequence<byte> body) => type switch
    {
        RelayRecordType.Hello => DecodeHello(body),
        RelayRecordType.Track => DecodeTrack(body),
        RelayRecordType.Frame => DecodeFrame(body),
        _ => new RelayRecord(RelayRecordType.End, Text: DecodeText(body, Encoding.UTF8)),
    };

    private RelayRecord DecodeHello(ReadOnlySequence<byte> body)
    {
        if (_helloRead)
            throw new RelayWireException(RelayWireError.MalformedRecord, "a second Hello record");
        var reader = new SequenceReader<byte>(body);
        if (!reader.TryRead(out var length) || length == 0 || reader.Remaining != length)
            throw new RelayWireException(RelayWireError.MalformedRecord, "Hello record with a bad protocol length");
        var protocol = DecodeText(reader.UnreadSequence, Encoding.ASCII);
        if (!Ascii.IsValid(protocol) || protocol.Any(char.IsControl))
            throw new RelayWireException(RelayWireError.MalformedRecord, "Hello record with a non-ASCII protocol");
        _helloRead = true;
        return new RelayRecord(RelayRecordType.Hello, Text: protocol);
    }

    private RelayRecord DecodeTrack(ReadOnlySequence<byte> body)
    {
        if (body.Length < RelayWireFormat.TrackFixedLength)
            throw new RelayWireException(RelayWireError.MalformedRecord, $"Track record of {body.Length} bytes is shorter than {RelayWireFormat.TrackFixedLength}");
        Span<byte> fixedPart = stackalloc byte[RelayWireFormat.TrackFixedLength];
        body.Slice(0, RelayWireFormat.TrackFixedLength).CopyTo(fixedPart);
        var trackId = fixedPart[0];
        if (trackId >= _tracks.Length)
            throw new RelayWireException(RelayWireError.TooManyTracks, $"track id {trackId} is beyond the limit of {_tracks.Length} tracks");
        var codec = RelayWireFormat.FromWireCodec(fixedPart[2]);
        if (codec == CodecId.Unknown)
            throw new RelayWireException(RelayWireError.UnknownCodec, $"unknown codec number {fixedPart[2]} on track {trackId}");
        if (fixedPart[1] != (byte)codec.Kind())
            throw new RelayWireException(RelayWireError.MalformedRecord, $"track {trackId}: kind {fixedPart[1]} does not match codec {codec.Name()}");
        var width = BinaryPrimitives.ReadInt32BigEndian(fixedPart[3..]);
        var height = BinaryPrimitives.ReadInt32BigEndian(fixedPart[7..]);
        var sampleRate = BinaryPrimitives.ReadInt32BigEndian(fixedPart[11..]);
        var channels = BinaryPrimitives.ReadInt32BigEndian(fixedPart[15..]);
        if (width is < 0 or > 65535 || height is < 0 or > 65535 || sampleRate is < 0 or > 1_000_000 || channels is < 0 or > 255)
            throw new RelayWireException(RelayWireError.MalformedRecord, $"track {trackId}: implausible size {width}x{height} or audio {sampleRate} Hz {channels} ch");
        var track = new TrackConfig(codec.Kind(), codec, body.Slice(RelayWireFormat.TrackFixedLength).ToArray())
        {
            Width = width,
            Height = height,
            SampleRate = sampleRate,
            Channels = channels,
        };
        // The same config again (the sender reconnected) keeps its instance: egresses compare by
        // reference and would otherwise resend headers for nothing.
        if (_tracks[trackId] is not { } known || !Same(known, track))
            _tracks[trackId] = track;
        return new RelayRecord(RelayRecordType.Track, TrackId: trackId, Track: _tracks[trackId]);
    }

    private static bool Same(TrackConfig a, TrackConfig b) =>
        a.IsEquivalentTo(b) && a.Width == b.Width && a.Height == b.Height && a.SampleRate == b.SampleRate && a.Channels == b.Channels;

    private RelayRecord DecodeFrame(ReadOnlySequence<byte> body)
    {
        if (body.Length < RelayWireFormat.FrameHeaderLength)
            throw new RelayWireException(RelayWireError.MalformedRecord, $"Frame record of {body.Length} bytes is shorter than its header");
        Span<byte> header = stackalloc byte[RelayWireFormat.FrameHeaderLength];
        body.Slice(0, RelayWireFormat.FrameHeaderLength).CopyTo(header);
        var trackId = header[0];
        if (trackId >= _tracks.Length || _tracks[trackId] is not { } track)
            throw new RelayWireException(RelayWireError.UnknownTrack, $"frame for track {trackId}, which was never announced");
        var isKeyframe = (header[1] & RelayWireFormat.KeyframeFlag) != 0; // other flag bits are reserved and ignored
        var dts = BinaryPrimitives.ReadInt64BigEndian(header[2..]);
        var pts = BinaryPrimitives.ReadInt64BigEndian(header[10..]);
        var frame = MediaFrame.Copy(track, body.Slice(RelayWireFormat.FrameHeaderLength), dts, pts, isKeyframe);
        return new RelayRecord(RelayRecordType.Frame, TrackId: trackId, Track: track, Frame: frame);
    }

    private static string DecodeText(ReadOnlySequence<byte> bytes, Encoding encoding) =>
        bytes.IsSingleSegment ? encoding.GetString(bytes.FirstSpan) : encoding.GetString(bytes.ToArray());
}
