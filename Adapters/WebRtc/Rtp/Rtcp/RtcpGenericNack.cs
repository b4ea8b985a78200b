using System.Buffers.Binary;

namespace InteropGateway.Adapters.WebRtc.Rtp.Rtcp;

/// <summary>
/// RFC 4585 §6.2.1 generic NACK (PT 205, FMT 1). Each FCI entry is a packet id (PID) and a bitmask
/// of the 16 following sequence numbers (BLP) that are lost too.
/// </summary>
public static class RtcpGenericNack
{
    private const int EntrySize = 4;

    /// <summary>Bytes needed for <paramref name="lost"/> in the worst case (one entry per number).</summary>
    public static int MeasureMax(int lostCount) => RtcpFeedbackHeader.Size + lostCount * EntrySize;

    /// <summary>
    /// Writes a NACK for the lost sequence numbers, which must be in ascending (wrapping) order;
    /// returns the bytes written. Numbers within 16 of an entry's PID share that entry.
    /// </summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lost)
    {
        if (lost.IsEmpty)
            throw new ArgumentException("a NACK needs at least one sequence number", nameof(lost));
        var offset = RtcpFeedbackHeader.Size;
        var i = 0;
        while (i < lost.Length)
        {
            var pid = lost[i++];
            ushort mask = 0;
            while (i < lost.Length)
            {
                var distance = RtpSequence.Distance(pid, lost[i]);
                if (distance is < 1 or > 16)
                    break;
                mask |= (ushort)(1 << (distance - 1));
                i++;
            }
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], pid);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], mask);
            offset += EntrySize;
        }
        new RtcpFeedbackHeader(senderSsrc, mediaSsrc).Write(destination, RtcpPacketType.TransportFeedback, RtcpPacketType.NackFormat, offset);
        return offset;
    }

    public static bool TryParse(in RtcpPacketView packet, out RtcpFeedbackHeader header, out LostSequenceEnumerator lost)
    {
        lost = default;
        if (!RtcpFeedbackHeader.TryParse(packet, RtcpPacketType.TransportFeedback, RtcpPacketType.NackFormat, out header, out var fci))
            return false;
        lost = new LostSequenceEnumerator(fci[..(fci.Length / EntrySize * EntrySize)]);
        return true;
    }

    /// <summary>Expands PID/BLP entries into the lost sequence numbers, in order. No allocation.</summary>
    public ref struct LostSequenceEnumerator
    {
        private ReadOnlySpan<byte> _entries;
        private ushort _pid;
        private ushort _mask;
        private int _bit; // -1: the PID itself is next; 0..15: the BLP bits; 16: entry done

        internal LostSequenceEnumerator(ReadOnlySpan<byte> entries)
        {
            _entries = entries;
            _pid = 0;
            _mask = 0;
            _bit = 16;
            Current = 0;
        }

        public ushort Current { get; private set; }

        public readonly LostSequenceEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (true)
            {
                if (_bit >= 16)
                {
                    // Consume the entry as it is read: its last BLP bit leaves _bit at 16, and the
                    // next call must then move on to the following entry, never re-read this one.
                    if (_entries.Length < EntrySize)
                        return false;
                    _pid = BinaryPrimitives.ReadUInt16BigEndian(_entries);
                    _mask = BinaryPrimitives.ReadUInt16BigEndian(_entries[2..]);
                    _entries = _entries[EntrySize..];
                    _bit = -1;
                }
                if (_bit == -1)
                {
                    _bit = 0;
                    Current = _pid;
                    return true;
                }
                while (_bit < 16 && (_mask & (1 << _bit)) == 0)
                    _bit++;
                if (_bit < 16)
                {
                    Current = (ushort)(_pid + _bit + 1);
                    _bit++;
                    return true;
                }
            }
        }
    }
}
