using InteropGateway.Codecs.Bitstream;

namespace InteropGateway.Tests.Codecs;

/// <summary>Writes raw AAC access units as an ADTS stream (ISO 14496-3 §1.A.2) so the ffmpeg CLI can read them.</summary>
internal static class AdtsFile
{
    private const int HeaderSize = 7;
    private static readonly int[] RateIndex = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    public static void Write(string path, ReadOnlySpan<byte> audioSpecificConfig, IEnumerable<byte[]> accessUnits)
    {
        Assert.True(AudioSpecificConfig.TryParse(audioSpecificConfig, out var asc));
        var profile = asc.ObjectType - 1;
        var rateIndex = Array.IndexOf(RateIndex, asc.SampleRate);
        Assert.True(rateIndex >= 0 && profile is >= 0 and < 4);

        using var file = File.Create(path);
        Span<byte> header = stackalloc byte[HeaderSize];
        foreach (var unit in accessUnits)
        {
            var length = unit.Length + HeaderSize;
            header[0] = 0xFF;
            header[1] = 0xF1; // MPEG-4, layer 0, no CRC
            header[2] = (byte)((profile << 6) | (rateIndex << 2) | (asc.ChannelConfiguration >> 2));
            header[3] = (byte)(((asc.ChannelConfiguration & 3) << 6) | (length >> 11));
            header[4] = (byte)(length >> 3);
            header[5] = (byte)(((length & 7) << 5) | 0x1F); // buffer fullness 0x7FF: VBR
            header[6] = 0xFC;
            file.Write(header);
            file.Write(unit);
        }
    }
}
