using System.Buffers;

namespace InteropGateway.Codecs.Containers.MpegTs;

/// <summary>
/// Cuts PES packets and PSI sections into 188-byte TS packets written straight into the caller's
/// buffer writer: headers, continuity counters, PCR and the random access flag, stuffing through the
/// adaptation field. Nothing is allocated.
/// </summary>
public static class TsPacketizer
{
    private const int HeaderSize = 4;
    private const int PcrFieldSize = 6;

    /// <summary>
    /// Writes one PES (<paramref name="pesHeader"/> followed by <paramref name="payload"/>) on
    /// <paramref name="pid"/>. The last packet is padded with adaptation-field stuffing, never with a
    /// partial next PES: that is also how JSMpeg notices a video PES has ended.
    /// </summary>
    /// <param name="pcr">PCR base (90 kHz) to carry in the first packet, or -1 for none.</param>
    /// <returns>TS packets written.</returns>
    public static int WritePes(IBufferWriter<byte> output, int pid, ref byte continuityCounter,
        ReadOnlySpan<byte> pesHeader, ReadOnlySpan<byte> payload, long pcr, bool randomAccess)
    {
        var total = pesHeader.Length + payload.Length;
        var sent = 0;
        var packets = 0;
        while (sent < total || packets == 0)
        {
            var first = packets == 0;
            var packet = output.GetSpan(TsConstants.PacketSize)[..TsConstants.PacketSize];
            var withPcr = first && pcr >= 0;
            var needsFlags = first && (withPcr || randomAccess);
            var minAdaptation = needsFlags ? 2 + (withPcr ? PcrFieldSize : 0) : 0; // length byte + flags [+ PCR]
            var room = TsConstants.PacketSize - HeaderSize - minAdaptation;
            var chunk = Math.Min(room, total - sent);
            var adaptationTotal = TsConstants.PacketSize - HeaderSize - chunk; // everything not payload
            WriteHeader(packet, pid, payloadStart: first, adaptationTotal > 0, ref continuityCounter);
            if (adaptationTotal > 0)
                WriteAdaptationField(packet.Slice(HeaderSize, adaptationTotal), withPcr ? pcr : -1, first && randomAccess);
            CopyPayload(pesHeader, payload, sent, packet.Slice(HeaderSize + adaptationTotal, chunk));
            sent += chunk;
            output.Advance(TsConstants.PacketSize);
            packets++;
        }
        return packets;
    }

    /// <summary>Writes a PSI section (PAT/PMT) that fits one packet: pointer field 0, 0xFF stuffing after it.</summary>
    public static void WriteSection(IBufferWriter<byte> output, int pid, ref byte continuityCounter, ReadOnlySpan<byte> section)
    {
        if (section.Length > TsConstants.PacketSize - HeaderSize - 1)
            throw new ArgumentException("PSI section larger than one TS packet", nameof(section));
        var packet = output.GetSpan(TsConstants.PacketSize)[..TsConstants.PacketSize];
        WriteHeader(packet, pid, payloadStart: true, hasAdaptation: false, ref continuityCounter);
        packet[HeaderSize] = 0; // pointer_field
        section.CopyTo(packet[(HeaderSize + 1)..]);
        packet[(HeaderSize + 1 + section.Length)..].Fill(0xFF);
        output.Advance(TsConstants.PacketSize);
    }

    private static void WriteHeader(Span<byte> packet, int pid, bool payloadStart, bool hasAdaptation, ref byte continuityCounter)
    {
        packet[0] = TsConstants.SyncByte;
        packet[1] = (byte)((payloadStart ? 0x40 : 0) | ((pid >> 8) & 0x1F));
        packet[2] = (byte)pid;
        packet[3] = (byte)((hasAdaptation ? 0x30 : 0x10) | continuityCounter);
        continuityCounter = (byte)((continuityCounter + 1) & 0x0F);
    }

    /// <param name="field">The whole adaptation field including its length byte (1 byte = an empty field, used to stuff one byte).</param>
    private static void WriteAdaptationField(Span<byte> field, long pcr, bool randomAccess)
    {
        field[0] = (byte)(field.Length - 1);
        if (field.Length == 1)
            return;
        field[1] = (byte)((randomAccess ? 0x40 : 0) | (pcr >= 0 ? 0x10 : 0));
        var offset = 2;
        if (pcr >= 0)
        {
            var pcrBase = pcr & TsConstants.TimestampMask;
            field[2] = (byte)(pcrBase >> 25);
            field[3] = (byte)(pcrBase >> 17);
            field[4] = (byte)(pcrBase >> 9);
            field[5] = (byte)(pcrBase >> 1);
            field[6] = (byte)(((pcrBase & 1) << 7) | 0x7E); // reserved bits, extension high bit 0
            field[7] = 0;
            offset = 8;
        }
        field[offset..].Fill(0xFF);
    }

    private static void CopyPayload(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, int offset, Span<byte> destination)
    {
        if (offset < first.Length)
        {
            var fromFirst = Math.Min(first.Length - offset, destination.Length);
            first.Slice(offset, fromFirst).CopyTo(destination);
            destination = destination[fromFirst..];
            offset = 0;
        }
        else
        {
            offset -= first.Length;
        }
        second.Slice(offset, destination.Length).CopyTo(destination);
    }
}
