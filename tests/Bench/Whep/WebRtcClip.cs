namespace InteropGateway.Bench.Whep;

/// <summary>
/// The 10 s clip both WebRTC servers get: testsrc2 1280x720 30 fps, H.264 constrained baseline (no
/// B-frames, as WebRTC senders make it) 2.5 Mbit/s CBR, GOP 2 s, SPS/PPS repeated in-band at every
/// IDR (so the RTP feed needs no bitstream filter, which breaks on -stream_loop in ffmpeg 5.1);
/// AAC-LC 48 kHz stereo 128 kbit/s in FLV.
/// </summary>
internal static class WebRtcClip
{
    public static Task<string> EnsureAsync(ChildProcesses children, string dir) =>
        FfmpegClip.EnsureAsync(children, Path.Combine(dir, "clip-webrtc.flv"), "the WebRTC clip",
        [
            "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", "10", "-pix_fmt", "yuv420p",
            "-c:v", "libx264", "-profile:v", "baseline", "-preset", "veryfast", "-g", "60", "-keyint_min", "60", "-sc_threshold", "0",
            "-b:v", "2500k", "-minrate", "2500k", "-maxrate", "2500k", "-bufsize", "2500k", "-x264-params", "nal-hrd=cbr:repeat-headers=1",
            "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2",
        ]);
}
