using System.Buffers.Binary;

namespace InteropGateway.Codecs.Containers.MpegTs;

/// <summary>An elementary stream as a PMT lists it.</summary>
public readonly record struct TsElementaryStream(int Pid, TsStreamType StreamType, bool HasOpusRegistration);

/// <summary>Builds the PAT and PMT sections of a one-program TS (with their CRC).</summary>
public static class PsiSections
{
    public const int MaxSectionSize = 1021 + 3;

    /// <summary>PAT listing one program; returns the section length in bytes.</summary>
    public static int WritePat(Span<byte> destination, int transportStreamId, int pmtPid, int version)
    {
        destination[0] = 0x00; // table_id: program_association_section
        // section_length filled below; the fixed part is 5 bytes, then 4 per program, then CRC.
        BinaryPrimitives.WriteUInt16BigEndian(destination[3..], (ushort)transportStreamId);
        destination[5] = (byte)(0xC1 | ((version & 0x1F) << 1)); // current_next = 1
        destination[6] = 0; // section_number
        destination[7] = 0; // last_section_number
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], TsConstants.ProgramNumber);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], (ushort)(0xE000 | pmtPid));
        return Finish(destination, 12);
    }

    /// <summary>PMT of program 1; returns the section length in bytes.</summary>
    public static int WritePmt(Span<byte> destination, int pcrPid, int version, ReadOnlySpan<TsElementaryStream> streams)
    {
        destination[0] = 0x02; // table_id: TS_program_map_section
        BinaryPrimitives.WriteUInt16BigEndian(destination[3..], TsConstants.ProgramNumber);
        destination[5] = (byte)(0xC1 | ((version & 0x1F) << 1));
        destination[6] = 0;
        destination[7] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], (ushort)(0xE000 | pcrPid));
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], 0xF000); // program_info_length 0
        var offset = 12;
        foreach (var stream in streams)
        {
            destination[offset] = (byte)stream.StreamType;
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 1)..], (ushort)(0xE000 | stream.Pid));
            var infoLength = stream.HasOpusRegistration ? 6 + 4 : 0;
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 3)..], (ushort)(0xF000 | infoLength));
            offset += 5;
            if (stream.HasOpusRegistration)
            {
                // registration_descriptor "Opus", then the DVB extension descriptor for its channel config (2 channels).
                destination[offset++] = 0x05;
                destination[offset++] = 4;
                "Opus"u8.CopyTo(destination[offset..]);
                offset += 4;
                destination[offset++] = 0x7F;
                destination[offset++] = 2;
                destination[offset++] = 0x80;
                destination[offset++] = 2;
            }
        }
        return Finish(destination, offset);
    }

    private static int Finish(Span<byte> section, int lengthBeforeCrc)
    {
        var sectionLength = lengthBeforeCrc - 3 + 4;
        BinaryPrimitives.WriteUInt16BigEndian(section[1..], (ushort)(0xB000 | sectionLength)); // syntax indicator, '0', reserved
        BinaryPrimitives.WriteUInt32BigEndian(section[lengthBeforeCrc..], MpegCrc32.Compute(section[..lengthBeforeCrc]));
        return lengthBeforeCrc + 4;
    }
}
