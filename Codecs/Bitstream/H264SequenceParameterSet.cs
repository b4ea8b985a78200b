using System.Buffers;

namespace InteropGateway.Codecs.Bitstream;

/// <summary>
/// The fields of an H.264 SPS the gateway needs: profile/level for codec strings and the cropped
/// picture size. Parsing goes far enough through the syntax (high-profile chroma and scaling
/// lists, POC type, frame cropping) to reach the size fields; VUI is not read.
/// </summary>
public readonly record struct H264SequenceParameterSet(
    int ProfileIdc,
    int ConstraintFlags,
    int LevelIdc,
    int ChromaFormatIdc,
    int Width,
    int Height)
{
    /// <summary>Luma sample bit depth (8 unless a high profile SPS says otherwise).</summary>
    public int BitDepthLuma { get; init; } = 8;
    public int BitDepthChroma { get; init; } = 8;

    private const int NalTypeSps = 7;
    private const int MaxStackRbsp = 512;

    /// <summary>Parses an SPS NAL unit (with its one-byte NAL header, emulation prevention bytes present).</summary>
    public static bool TryParse(ReadOnlySpan<byte> nal, out H264SequenceParameterSet sps)
    {
        sps = default;
        if (nal.Length < 4 || (nal[0] & 0x1F) != NalTypeSps)
            return false;

        byte[]? rented = null;
        var rbsp = nal.Length <= MaxStackRbsp
            ? stackalloc byte[MaxStackRbsp]
            : (rented = ArrayPool<byte>.Shared.Rent(nal.Length));
        try
        {
            var length = EmulationPrevention.RemoveTo(nal[1..], rbsp);
            return TryParseRbsp(rbsp[..length], out sps);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool TryParseRbsp(ReadOnlySpan<byte> rbsp, out H264SequenceParameterSet sps)
    {
        sps = default;
        var bits = new BitReader(rbsp);
        var profileIdc = (int)bits.ReadBits(8);
        var constraintFlags = (int)bits.ReadBits(8);
        var levelIdc = (int)bits.ReadBits(8);
        if (bits.ReadUe() > 31)
            return false; // seq_parameter_set_id

        var chromaFormatIdc = 1; // 4:2:0 unless a high profile says otherwise
        var separateColourPlane = false;
        uint bitDepthLumaMinus8 = 0, bitDepthChromaMinus8 = 0;
        if (HasChromaInfo(profileIdc))
        {
            chromaFormatIdc = (int)bits.ReadUe();
            if (chromaFormatIdc > 3)
                return false;
            if (chromaFormatIdc == 3)
                separateColourPlane = bits.ReadBit();
            bitDepthLumaMinus8 = bits.ReadUe();
            bitDepthChromaMinus8 = bits.ReadUe();
            if (bitDepthLumaMinus8 > 6 || bitDepthChromaMinus8 > 6)
                return false; // 14 bits is the most any profile allows
            bits.ReadBit(); // qpprime_y_zero_transform_bypass_flag
            if (bits.ReadBit()) // seq_scaling_matrix_present_flag
            {
                var listCount = chromaFormatIdc != 3 ? 8 : 12;
                for (var i = 0; i < listCount; i++)
                {
                    if (bits.ReadBit())
                        SkipScalingList(ref bits, i < 6 ? 16 : 64);
                }
            }
        }

        bits.ReadUe(); // log2_max_frame_num_minus4
        var picOrderCntType = bits.ReadUe();
        if (picOrderCntType == 0)
        {
            bits.ReadUe(); // log2_max_pic_order_cnt_lsb_minus4
        }
        else if (picOrderCntType == 1)
        {
            bits.ReadBit(); // delta_pic_order_always_zero_flag
            bits.ReadSe(); // offset_for_non_ref_pic
            bits.ReadSe(); // offset_for_top_to_bottom_field
            var cycle = bits.ReadUe();
            if (cycle > 255)
                return false;
            for (var i = 0; i < cycle; i++)
                bits.ReadSe();
        }
        else if (picOrderCntType != 2)
        {
            return false;
        }

        bits.ReadUe(); // max_num_ref_frames
        bits.ReadBit(); // gaps_in_frame_num_value_allowed_flag
        var widthInMbs = (long)bits.ReadUe() + 1;
        var heightInMapUnits = (long)bits.ReadUe() + 1;
        var frameMbsOnly = bits.ReadBit();
        if (!frameMbsOnly)
            bits.ReadBit(); // mb_adaptive_frame_field_flag
        bits.ReadBit(); // direct_8x8_inference_flag

        long cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (bits.ReadBit())
        {
            cropLeft = bits.ReadUe();
            cropRight = bits.ReadUe();
            cropTop = bits.ReadUe();
            cropBottom = bits.ReadUe();
        }
        if (bits.IsOverrun)
            return false;

        // Crop units per H.264 7.4.2.1.1: they depend on chroma subsampling and field coding.
        var fieldFactor = frameMbsOnly ? 1 : 2;
        var chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
        long cropUnitX, cropUnitY;
        if (chromaArrayType == 0)
        {
            cropUnitX = 1;
            cropUnitY = fieldFactor;
        }
        else
        {
            var subWidthC = chromaFormatIdc == 3 ? 1 : 2;
            var subHeightC = chromaFormatIdc == 1 ? 2 : 1;
            cropUnitX = subWidthC;
            cropUnitY = subHeightC * fieldFactor;
        }

        var width = widthInMbs * 16 - cropUnitX * (cropLeft + cropRight);
        var height = fieldFactor * heightInMapUnits * 16 - cropUnitY * (cropTop + cropBottom);
        if (width <= 0 || height <= 0 || width > 16384 || height > 16384)
            return false;

        sps = new H264SequenceParameterSet(profileIdc, constraintFlags, levelIdc, chromaFormatIdc, (int)width, (int)height)
        {
            BitDepthLuma = 8 + (int)bitDepthLumaMinus8,
            BitDepthChroma = 8 + (int)bitDepthChromaMinus8,
        };
        return true;
    }

    private static bool HasChromaInfo(int profileIdc) => profileIdc is
        100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135;

    private static void SkipScalingList(ref BitReader bits, int size)
    {
        int lastScale = 8, nextScale = 8;
        for (var j = 0; j < size && !bits.IsOverrun; j++)
        {
            if (nextScale != 0)
            {
                var delta = bits.ReadSe();
                nextScale = (lastScale + delta + 256) % 256;
            }
            lastScale = nextScale == 0 ? lastScale : nextScale;
        }
    }
}
