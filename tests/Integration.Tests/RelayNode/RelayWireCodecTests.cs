using System.Buffers;
using System.Buffers.Binary;
using InteropGateway.Adapters.RelayNode.Wire;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Tests.Integration.RelayNode;

/// <summary>
/// The relay link's framing on its own: every codec's config and frames come back exactly, split
/// across reads anywhere; truncated, oversize and garbage input fail with a typed error before
/// anything is allocated for them.
/// </summary>
public sealed class RelayWireCodecTests
{
    public static TheoryData<CodecId> AllCodecs() =>
        new(CodecId.H264, CodecId.H265, CodecId.Vp8, CodecId.Mpeg1Video, CodecId.Aac, CodecId.Opus, CodecId.Mp2);

    private static TrackConfig ConfigFor(CodecId codec) => codec.Kind() == MediaKind.Video
        ? new TrackConfig(MediaKind.Video, codec, codec is CodecId.H264 or CodecId.H265 ? new byte[] { 1, 0x64, 0, 0x1f, 0xff, 0xe1, 0, 4, 0x67, 1, 2, 3 } : [])
            { Width = 1920, Height = 1080 }
        : new TrackConfig(MediaKind.Audio, codec, codec == CodecId.Aac ? new byte[] { 0x12, 0x10 } : codec == CodecId.Opus ? "OpusHead"u8.ToArray() : [])
            { SampleRate = codec == CodecId.Opus ? 48000 : 44100, Channels = 2 };

    [Theory]
    [MemberData(nameof(AllCodecs))]
    public void Every_codec_round_trips_config_and_frames_byte_identical(CodecId codec)
    {
        var track = ConfigFor(codec);
        var random = new Random((int)codec);
        var sent = Enumerable.Range(0, 5).Select(i =>
        {
            var payload = new byte[i == 0 ? 70_000 : 1 + random.Next(3000)];
            random.NextBytes(payload);
            return MediaFrame.Copy(track, payload, dts: -3000 + i * 3000L, pts: i * 3000L + 6000, isKeyframe: i == 0);
        }).ToArray();
        var bytes = Encode("webrtc", sent);

        // Fed one byte at a time: every record boundary falls inside a read at least once.
        var (protocol, tracks, frames, end) = Decode(bytes, chunk: 1);
        Assert.Equal("webrtc", protocol);
        var got = Assert.Single(tracks);
        Assert.Equal((track.Kind, track.Codec, track.Width, track.Height, track.SampleRate, track.Channels),
            (got.Kind, got.Codec, got.Width, got.Height, got.SampleRate, got.Channels));
        Assert.Equal(track.Extradata.ToArray(), got.Extradata.ToArray());
        Assert.Equal(sent.Length, frames.Count);
        for (var i = 0; i < sent.Length; i++)
        {
            Assert.Equal((sent[i].Dts, sent[i].Pts, sent[i].IsKeyframe, sent[i].Codec), (frames[i].Dts, frames[i].Pts, frames[i].IsKeyframe, frames[i].Codec));
            Assert.Equal(sent[i].Payload.ToArray(), frames[i].Payload.ToArray());
            Assert.Same(got, frames[i].Track);
        }
        Assert.Equal("publisher left", end);
        foreach (var frame in sent.Concat(frames))
            frame.Release();
    }

    [Fact]
    public void A_new_config_is_announced_again_and_an_equal_one_keeps_its_instance()
    {
        var first = ConfigFor(CodecId.H264);
        var same = ConfigFor(CodecId.H264); // another instance, same bytes: a reconnecting sender
        var other = new TrackConfig(MediaKind.Video, CodecId.H264, new byte[] { 1, 0x42, 0, 0x1e, 0xff, 0xe1, 0, 1, 0x67 }) { Width = 640, Height = 360 };
        var audio = ConfigFor(CodecId.Aac);
        var sent = new[] { first, audio, same, other }.Select(t => MediaFrame.Copy(t, [1, 2, 3], 0, 0, true)).ToArray();
        var (_, tracks, frames, _) = Decode(Encode("rtmp", sent), chunk: 7);
        Assert.Equal(4, tracks.Count);
        Assert.Same(frames[0].Track, frames[2].Track);
        Assert.NotSame(frames[0].Track, frames[3].Track);
        Assert.Equal(640, frames[3].Track.Width);
        Assert.Equal(CodecId.Aac, frames[1].Codec);
        foreach (var frame in sent.Concat(frames))
            frame.Release();
    }

    [Fact]
    public void Garbage_is_refused_at_its_first_bytes()
    {
        var error = Assert.Throws<RelayWireException>(() => Decode("GET / HTTP/1.1\r\n"u8.ToArray(), chunk: 2));
        Assert.Equal(RelayWireError.BadMagic, error.Error);
        error = Assert.Throws<RelayWireException>(() => Decode([.. "IGRL"u8, 9], chunk: 64));
        Assert.Equal(RelayWireError.UnsupportedVersion, error.Error);
    }

    [Fact]
    public void Frames_before_a_hello_or_an_announced_track_are_refused()
    {
        var noHello = new ArrayBufferWriter<byte>();
        RelayWireWriter.WritePreamble(noHello);
        RelayWireWriter.WriteTrack(noHello, 0, ConfigFor(CodecId.H264));
        Assert.Equal(RelayWireError.MissingHello, Assert.Throws<RelayWireException>(() => Decode(noHello.WrittenMemory.ToArray(), 64)).Error);

        var noTrack = Start("rtmp");
        using (var frame = new RentedFrame(ConfigFor(CodecId.H264), 10))
            RelayWireWriter.WriteFrame(noTrack, 1, frame.Frame);
        Assert.Equal(RelayWireError.UnknownTrack, Assert.Throws<RelayWireException>(() => Decode(noTrack.WrittenMemory.ToArray(), 64)).Error);
    }

    [Fact]
    public void Oversize_claims_are_refused_from_the_record_header_alone()
    {
        // Only the 5-byte header of a 100 MB frame arrives: refused now, nothing waited for or allocated.
        var writer = Start("rtmp");
        WriteRecordHeader(writer, RelayRecordType.Frame, 100_000_000);
        var error = Assert.Throws<RelayWireException>(() => Decode(writer.WrittenMemory.ToArray(), 64));
        Assert.Equal(RelayWireError.RecordTooLarge, error.Error);
        Assert.Contains("100000000", error.Message);

        writer = Start("rtmp");
        WriteRecordHeader(writer, RelayRecordType.Track, 1_000_000);
        Assert.Equal(RelayWireError.ConfigTooLarge, Assert.Throws<RelayWireException>(() => Decode(writer.WrittenMemory.ToArray(), 64)).Error);

        writer = Start("rtmp");
        WriteRecordHeader(writer, (RelayRecordType)77, 1);
        Assert.Equal(RelayWireError.UnknownRecordType, Assert.Throws<RelayWireException>(() => Decode(writer.WrittenMemory.ToArray(), 64)).Error);
    }

    [Fact]
    public void Track_ids_beyond_the_limit_and_unknown_codecs_are_refused()
    {
        var writer = Start("rtmp");
        RelayWireWriter.WriteTrack(writer, 8, ConfigFor(CodecId.Aac));
        Assert.Equal(RelayWireError.TooManyTracks, Assert.Throws<RelayWireException>(() => Decode(writer.WrittenMemory.ToArray(), 64)).Error);

        var bytes = Start("rtmp");
        RelayWireWriter.WriteTrack(bytes, 0, ConfigFor(CodecId.Aac));
        var raw = bytes.WrittenMemory.ToArray();
        raw[RelayWireFormat.PreambleLength + 5 + 5 + 5 + 2] = 200; // the track's codec byte
        Assert.Equal(RelayWireError.UnknownCodec, Assert.Throws<RelayWireException>(() => Decode(raw, 64)).Error);
    }

    [Fact]
    public void A_body_that_ends_inside_a_record_is_truncated()
    {
        var track = ConfigFor(CodecId.Opus);
        var sent = new[] { MediaFrame.Copy(track, new byte[500], 0, 0, true) };
        var bytes = Encode("webrtc", sent, end: null);
        sent[0].Release();
        var error = Assert.Throws<RelayWireException>(() => Decode(bytes[..^100], chunk: 64));
        Assert.Equal(RelayWireError.Truncated, error.Error);
    }

    private static ArrayBufferWriter<byte> Start(string protocol)
    {
        var writer = new ArrayBufferWriter<byte>();
        RelayWireWriter.WritePreamble(writer);
        RelayWireWriter.WriteHello(writer, protocol);
        return writer;
    }

    private static void WriteRecordHeader(ArrayBufferWriter<byte> writer, RelayRecordType type, uint length)
    {
        var span = writer.GetSpan(5);
        span[0] = (byte)type;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], length);
        writer.Advance(5);
    }

    private static byte[] Encode(string protocol, MediaFrame[] frames, string? end = "publisher left")
    {
        var writer = new ArrayBufferWriter<byte>();
        var encoder = new RelayStreamEncoder(protocol);
        foreach (var frame in frames)
            encoder.WriteFrame(writer, frame);
        if (end is not null)
            encoder.WriteEnd(writer, end);
        return writer.WrittenMemory.ToArray();
    }

    /// <summary>Feeds <paramref name="bytes"/> in chunks the way a PipeReader would (unconsumed bytes are offered again with the next chunk).</summary>
    private static (string? Protocol, List<TrackConfig> Tracks, List<MediaFrame> Frames, string? End) Decode(byte[] bytes, int chunk)
    {
        var reader = new RelayWireReader(RelayWireLimits.Default);
        string? protocol = null, end = null;
        var tracks = new List<TrackConfig>();
        var frames = new List<MediaFrame>();
        var consumed = 0;
        for (var available = Math.Min(chunk, bytes.Length); ; available = Math.Min(available + chunk, bytes.Length))
        {
            var sequence = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, consumed, available - consumed));
            while (reader.TryRead(ref sequence, out var record))
            {
                switch (record.Type)
                {
                    case RelayRecordType.Hello: protocol = record.Protocol; break;
                    case RelayRecordType.Track: tracks.Add(record.Track!); break;
                    case RelayRecordType.Frame: frames.Add(record.Frame!); break;
                    case RelayRecordType.End: end = record.Reason; break;
                }
            }
            consumed += (int)sequence.Consumed;
            if (available == bytes.Length)
            {
                RelayWireReader.ThrowIfTruncated(bytes.Length - consumed);
                return (protocol, tracks, frames, end);
            }
        }
    }

    private sealed class RentedFrame(TrackConfig track, int length) : IDisposable
    {
        public MediaFrame Frame { get; } = MediaFrame.Rent(track, length, 0, 0, true);
        public void Dispose() => Frame.Release();
    }
}
