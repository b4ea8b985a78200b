using System.Runtime.InteropServices;

namespace InteropGateway.Codecs.Native;

/// <summary>
/// AVChannelLayout (24 bytes, checked by the offset probe). Only native-order layouts are built
/// here (<see cref="Default"/>), which own no memory, so copying the struct is harmless.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct AvChannelLayout
{
    public int Order;
    public int ChannelCount;
    /// <summary>The channel mask for native order (a pointer for custom order, never built here).</summary>
    public ulong Mask;
    public nint Opaque;

    /// <summary>FFmpeg's default layout for a channel count: mono, stereo, 5.1...</summary>
    public static unsafe AvChannelLayout Default(int channels)
    {
        AvChannelLayout layout = default;
        AvUtilImports.av_channel_layout_default(&layout, channels);
        return layout;
    }
}
