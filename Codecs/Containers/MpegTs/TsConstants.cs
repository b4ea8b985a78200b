namespace InteropGateway.Codecs.Containers.MpegTs;

/// <summary>Fixed numbers of ISO/IEC 13818-1 and the PIDs and stream ids this gateway uses.</summary>
public static class TsConstants
{
    public const int PacketSize = 188;
    public const byte SyncByte = 0x47;
    public const int PatPid = 0x0000;
    public const int NullPid = 0x1FFF;

    /// <summary>ffmpeg's defaults, so our output looks like what JSMpeg deployments already see.</summary>
    public const int PmtPid = 0x1000;
    public const int VideoPid = 0x0100;
    public const int AudioPid = 0x0101;
    public const int ProgramNumber = 1;

    /// <summary>PES stream ids. JSMpeg's demuxer ignores PAT/PMT and routes by these alone: 0xE0 video, 0xC0 audio.</summary>
    public const byte VideoStreamId = 0xE0;
    public const byte AudioStreamId = 0xC0;
    /// <summary>private_stream_1: Opus in TS (ETSI TS 102 366 style registration "Opus").</summary>
    public const byte PrivateStream1 = 0xBD;

    /// <summary>PTS/DTS/PCR base are 33-bit counters of the 90 kHz clock.</summary>
    public const long TimestampMask = (1L << 33) - 1;
}
