namespace InteropGateway.Codecs.Native;

/// <summary>
/// A reusable AVPacket: compressed data going into a decoder or coming out of an encoder.
/// <see cref="Data"/> is valid until the next receive or <see cref="Unref"/>.
/// </summary>
public sealed unsafe class AvPacket : IDisposable
{
    /// <summary>AV_NOPTS_VALUE.</summary>
    public const long NoTimestamp = long.MinValue;

    private readonly PacketHandle _handle;

    public AvPacket()
    {
        _handle = AvCodecImports.av_packet_alloc();
        if (_handle.IsInvalid)
            throw new FFmpegException("av_packet_alloc", AvError.OutOfMemory);
    }

    public PacketHandle Handle => _handle;

    private byte* Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return (byte*)_handle.DangerousGetHandle();
        }
    }

    public long Pts { get => Field<long>(NativeLayout.PacketPts); set => Field<long>(NativeLayout.PacketPts) = value; }
    public long Dts { get => Field<long>(NativeLayout.PacketDts); set => Field<long>(NativeLayout.PacketDts) = value; }
    /// <summary>Duration in the codec's time base (0 when unknown).</summary>
    public long Duration { get => Field<long>(NativeLayout.PacketDuration); set => Field<long>(NativeLayout.PacketDuration) = value; }
    public int Size => Field<int>(NativeLayout.PacketSize);

    public bool IsKeyframe
    {
        get => (Field<int>(NativeLayout.PacketFlags) & NativeLayout.PacketFlagKey) != 0;
        set => Field<int>(NativeLayout.PacketFlags) = value
            ? Field<int>(NativeLayout.PacketFlags) | NativeLayout.PacketFlagKey
            : Field<int>(NativeLayout.PacketFlags) & ~NativeLayout.PacketFlagKey;
    }

    public ReadOnlySpan<byte> Data
    {
        get
        {
            var data = *(byte**)(Pointer + NativeLayout.PacketData);
            return data == null ? default : new ReadOnlySpan<byte>(data, Size);
        }
    }

    /// <summary>
    /// Replaces the content with a refcounted, padded copy of <paramref name="payload"/> (av_new_packet
    /// zeroes the padding decoders may over-read).
    /// </summary>
    public void SetPayload(ReadOnlySpan<byte> payload)
    {
        Unref();
        FFmpegException.ThrowIfError(AvCodecImports.av_new_packet(_handle, payload.Length), "av_new_packet");
        payload.CopyTo(new Span<byte>(*(byte**)(Pointer + NativeLayout.PacketData), payload.Length));
    }

    public void Unref() => AvCodecImports.av_packet_unref(_handle);

    public void Dispose() => _handle.Dispose();

    private ref T Field<T>(int offset) where T : unmanaged => ref *(T*)(Pointer + offset);
}
