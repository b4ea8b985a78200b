using System.Buffers;

namespace InteropGateway.Adapters.WebRtc.Rtp;

/// <summary>
/// The access unit a depacketizer is building: a pooled buffer that grows by doubling up to a
/// limit, the RTP timestamp it belongs to, and whether a loss or a bad packet broke it. Reused
/// for every frame, so steady state allocates nothing.
/// </summary>
internal sealed class RtpFrameAssembly : IDisposable
{
    private readonly int _maxSize;
    private byte[] _buffer;

    public RtpFrameAssembly(int initialSize, int maxSize)
    {
        _maxSize = maxSize;
        _buffer = ArrayPool<byte>.Shared.Rent(initialSize);
    }

    public bool IsActive { get; private set; }
    public uint Timestamp { get; private set; }
    public bool IsBroken { get; set; }
    public int Length { get; set; }
    public ReadOnlySpan<byte> Data => _buffer.AsSpan(0, Length);

    public void Start(uint timestamp)
    {
        IsActive = true;
        Timestamp = timestamp;
        IsBroken = false;
        Length = 0;
    }

    public void Reset()
    {
        IsActive = false;
        IsBroken = false;
        Length = 0;
    }

    /// <summary>Room for <paramref name="count"/> more bytes; empty (and the frame broken) past the limit.</summary>
    public Span<byte> Reserve(int count)
    {
        var needed = Length + count;
        if (needed > _maxSize)
        {
            IsBroken = true;
            return default;
        }
        if (needed > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_maxSize, Math.Max(needed, _buffer.Length * 2)));
            _buffer.AsSpan(0, Length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        var area = _buffer.AsSpan(Length, count);
        Length = needed;
        return area;
    }

    public bool Append(ReadOnlySpan<byte> data)
    {
        var area = Reserve(data.Length);
        if (area.IsEmpty && !data.IsEmpty)
            return false;
        data.CopyTo(area);
        return true;
    }

    public Span<byte> Writable(int offset, int length) => _buffer.AsSpan(offset, length);

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
