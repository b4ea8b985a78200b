using System.Buffers.Binary;
using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.WebRtc.Rtp;

/// <summary>
/// RFC 6184 packetization-mode 1 sender: AVCC access units in, RTP packets out. SPS and PPS from
/// the avcC go before every IDR as one STAP-A (a late joiner or a receiver that lost them can start
/// there); NAL units that fit the MTU go alone, larger ones as FU-A fragments; the last packet of
/// an access unit has the marker bit. Packets are built in one reused buffer: nothing is allocated
/// per packet, and only a track config change allocates.
/// </summary>
public sealed class H264Packetizer
{
    public const int DefaultMaxPayloadSize = 1200;
    private const byte StapA = 24;
    private const byte FuA = 28;
    private const int FuHeaderSize = 2;

    private readonly RtpStreamState _stream;
    private readonly int _maxPayloadSize;
    private readonly byte[] _packet;
    private TrackConfig? _parameterSetsTrack;
    private byte[][] _parameterSets = [];
    private int _nalLengthSize = 4;

    public H264Packetizer(RtpStreamState stream, int maxPayloadSize = DefaultMaxPayloadSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayloadSize, 16);
        _stream = stream;
        _maxPayloadSize = maxPayloadSize;
        _packet = new byte[RtpHeader.FixedSize + maxPayloadSize];
    }

    public RtpStreamState Stream => _stream;

    /// <summary>The RTP timestamp for a core timestamp: 90 kHz already, plus the stream's random offset.</summary>
    public uint RtpTimestampOf(long pts) => unchecked((uint)pts + _stream.TimestampOffset);

    public void Packetize(MediaFrame frame, IRtpPacketSink sink) =>
        Packetize(frame.Payload.Span, frame.Track, frame.Pts, sink);

    /// <summary>Packetizes one access unit; returns the number of packets sent.</summary>
    public int Packetize(ReadOnlySpan<byte> accessUnit, TrackConfig track, long pts, IRtpPacketSink sink)
    {
        UpdateParameterSets(track);
        var timestamp = RtpTimestampOf(pts);
        var packets = 0;

        if (NeedsParameterSets(accessUnit))
            packets += SendParameterSets(timestamp, sink);

        // Hold each NAL unit back one step so the last one is known when it is sent (marker bit).
        var nals = new AvccNalEnumerator(accessUnit, _nalLengthSize);
        ReadOnlySpan<byte> pending = default;
        while (nals.MoveNext())
        {
            var nal = nals.Current;
            if (H264NalUnit.TypeOf(nal) == H264NalUnitType.AccessUnitDelimiter)
                continue; // RFC 6184 receivers don't need it and it costs a packet
            if (!pending.IsEmpty)
                packets += SendNal(pending, timestamp, isLast: false, sink);
            pending = nal;
        }
        if (!pending.IsEmpty)
            packets += SendNal(pending, timestamp, isLast: true, sink);
        return packets;
    }

    /// <summary>An IDR without SPS and PPS of its own gets the avcC's sent before it.</summary>
    private bool NeedsParameterSets(ReadOnlySpan<byte> accessUnit)
    {
        bool idr = false, sps = false, pps = false;
        foreach (var nal in new AvccNalEnumerator(accessUnit, _nalLengthSize))
        {
            switch (H264NalUnit.TypeOf(nal))
            {
                case H264NalUnitType.Idr: idr = true; break;
                case H264NalUnitType.Sps: sps = true; break;
                case H264NalUnitType.Pps: pps = true; break;
            }
        }
        return idr && !(sps && pps) && _parameterSets.Length > 0;
    }

    private int SendParameterSets(uint timestamp, IRtpPacketSink sink)
    {
        var stapSize = 1;
        foreach (var set in _parameterSets)
            stapSize += 2 + set.Length;
        if (stapSize > _maxPayloadSize)
        {
            // Too big to aggregate: each one on its own (FU-A if it must).
            var sent = 0;
            foreach (var set in _parameterSets)
                sent += SendNal(set, timestamp, isLast: false, sink);
            return sent;
        }

        var payload = PayloadArea;
        // STAP-A NAL header: F and NRI are the maximum of the aggregated units' (RFC 6184 §5.7.1).
        var nri = 0;
        foreach (var set in _parameterSets)
            nri = Math.Max(nri, set[0] & 0x60);
        payload[0] = (byte)(nri | StapA);
        var offset = 1;
        foreach (var set in _parameterSets)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload[offset..], (ushort)set.Length);
            set.CopyTo(payload[(offset + 2)..]);
            offset += 2 + set.Length;
        }
        Send(timestamp, marker: false, offset, sink);
        return 1;
    }

    private int SendNal(ReadOnlySpan<byte> nal, uint timestamp, bool isLast, IRtpPacketSink sink)
    {
        var payload = PayloadArea;
        if (nal.Length <= _maxPayloadSize)
        {
            nal.CopyTo(payload);
            Send(timestamp, isLast, nal.Length, sink);
            return 1;
        }

        // FU-A (RFC 6184 §5.8): the NAL header is folded into the FU indicator and FU header.
        var indicator = (byte)((nal[0] & 0xE0) | FuA);
        var type = (byte)(nal[0] & 0x1F);
        var body = nal[1..];
        var chunk = _maxPayloadSize - FuHeaderSize;
        // Even fragment sizes keep the last packet from being a tiny runt.
        var fragments = (body.Length + chunk - 1) / chunk;
        var size = (body.Length + fragments - 1) / fragments;
        var packets = 0;
        for (var offset = 0; offset < body.Length; offset += size)
        {
            var length = Math.Min(size, body.Length - offset);
            var start = offset == 0;
            var end = offset + length == body.Length;
            payload[0] = indicator;
            payload[1] = (byte)((start ? 0x80 : 0) | (end ? 0x40 : 0) | type);
            body.Slice(offset, length).CopyTo(payload[FuHeaderSize..]);
            Send(timestamp, isLast && end, FuHeaderSize + length, sink);
            packets++;
        }
        return packets;
    }

    private Span<byte> PayloadArea => _packet.AsSpan(RtpHeader.FixedSize);

    private void Send(uint timestamp, bool marker, int payloadLength, IRtpPacketSink sink)
    {
        var header = _stream.NextHeader(timestamp, marker, payloadLength);
        header.WriteTo(_packet);
        sink.OnRtpPacket(_packet.AsSpan(0, RtpHeader.FixedSize + payloadLength));
    }

    /// <summary>Parses the avcC once per TrackConfig instance (a new instance means new headers).</summary>
    private void UpdateParameterSets(TrackConfig track)
    {
        if (ReferenceEquals(track, _parameterSetsTrack))
            return;
        _parameterSetsTrack = track;
        _parameterSets = [];
        _nalLengthSize = 4;
        if (!AvcDecoderConfigurationRecord.TryParse(track.Extradata, out var record))
            return;
        _nalLengthSize = record.NalLengthSize;
        _parameterSets = record.SequenceParameterSets.Concat(record.PictureParameterSets).Select(s => s.ToArray()).ToArray();
    }
}
