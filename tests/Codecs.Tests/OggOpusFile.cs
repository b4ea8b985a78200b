using System.Buffers.Binary;
using System.Text;

namespace InteropGateway.Tests.Codecs;

/// <summary>
/// A minimal Ogg Opus writer (RFC 7845 over RFC 3533) so the ffmpeg CLI can check transcoder output:
/// an OpusHead page, an OpusTags page, then one audio packet per page with the granule position
/// counting 48 kHz samples (pre-skip included), the last page flagged end-of-stream.
/// </summary>
internal static class OggOpusFile
{
    private const byte FlagBeginOfStream = 0x02;
    private const byte FlagEndOfStream = 0x04;
    private const uint Serial = 0x4F505553;
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static void Write(string path, byte[] opusHead, IReadOnlyList<byte[]> packets)
    {
        using var file = File.Create(path);
        uint sequence = 0;
        WritePage(file, opusHead, 0, FlagBeginOfStream, sequence++);
        WritePage(file, OpusTags(), 0, 0, sequence++);
        long granule = 0;
        for (var i = 0; i < packets.Count; i++)
        {
            granule += OpusPacket.Samples48k(packets[i]);
            WritePage(file, packets[i], granule, i == packets.Count - 1 ? FlagEndOfStream : (byte)0, sequence++);
        }
    }

    private static byte[] OpusTags()
    {
        var vendor = Encoding.ASCII.GetBytes("InteropGateway tests");
        var tags = new byte[8 + 4 + vendor.Length + 4];
        "OpusTags"u8.CopyTo(tags);
        BinaryPrimitives.WriteUInt32LittleEndian(tags.AsSpan(8), (uint)vendor.Length);
        vendor.CopyTo(tags, 12);
        return tags; // zero user comments
    }

    private static void WritePage(Stream output, byte[] packet, long granule, byte flags, uint sequence)
    {
        // Lacing: 255-byte segments, then the remainder (a 0 when the packet is a multiple of 255).
        var segments = packet.Length / 255 + 1;
        Assert.True(segments <= 255, "test packets fit one page");
        var page = new byte[27 + segments + packet.Length];
        "OggS"u8.CopyTo(page);
        page[4] = 0; // version
        page[5] = flags;
        BinaryPrimitives.WriteInt64LittleEndian(page.AsSpan(6), granule);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(14), Serial);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(18), sequence);
        page[26] = (byte)segments;
        for (var i = 0; i < segments - 1; i++)
            page[27 + i] = 255;
        page[27 + segments - 1] = (byte)(packet.Length % 255);
        packet.CopyTo(page, 27 + segments);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(22), Crc(page)); // computed with the field zero
        output.Write(page);
    }

    /// <summary>Ogg's CRC-32: polynomial 0x04C11DB7, not reflected, initial value 0.</summary>
    private static uint Crc(ReadOnlySpan<byte> data)
    {
        uint crc = 0;
        foreach (var b in data)
            crc = (crc << 8) ^ CrcTable[(byte)(crc >> 24) ^ b];
        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var r = i << 24;
            for (var bit = 0; bit < 8; bit++)
                r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
            table[i] = r;
        }
        return table;
    }
}
