namespace InteropGateway.Codecs.Native;

/// <summary>Process-wide FFmpeg settings and the versions actually loaded.</summary>
public static class FFmpegLibrary
{
    /// <summary>AV_LOG_QUIET, AV_LOG_ERROR, AV_LOG_WARNING, AV_LOG_INFO.</summary>
    public const int LogQuiet = -8, LogError = 16, LogWarning = 24, LogInfo = 32;

    /// <summary>Level of FFmpeg's own stderr logging (global to the process).</summary>
    public static void SetLogLevel(int level) => AvUtilImports.av_log_set_level(level);

    /// <summary>"libavcodec 59.37.100, libavutil 57.28.100, ..." for startup logs.</summary>
    public static string Versions =>
        $"libavcodec {Format(AvCodecImports.avcodec_version())}, libavutil {Format(AvUtilImports.avutil_version())}, " +
        $"libswresample {Format(SwResampleImports.swresample_version())}, libswscale {Format(SwScaleImports.swscale_version())}";

    private static string Format(uint version) => $"{version >> 16}.{(version >> 8) & 0xFF}.{version & 0xFF}";
}
