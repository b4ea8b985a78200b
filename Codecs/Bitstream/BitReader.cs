namespace InteropGateway.Codecs.Bitstream;

/// <summary>
/// MSB-first bit reader over a span, with H.264 exp-Golomb codes.
/// Reading past the end does not throw: it yields zero bits and sets <see cref="IsOverrun"/>, so a
/// parser reads a whole structure and checks once at the end (the ffmpeg get_bits idiom), which
/// keeps malformed input from turning into exceptions on the media path.
/// </summary>
public ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private long _bitPosition;

    public BitReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _bitPosition = 0;
        IsOverrun = false;
    }

    public bool IsOverrun { get; private set; }
    public long BitPosition => _bitPosition;
    public long BitsRemaining => Math.Max(0, (long)_data.Length * 8 - _bitPosition);

    public bool ReadBit() => ReadBits(1) != 0;

    /// <summary>Reads up to 32 bits as an unsigned value.</summary>
    public uint ReadBits(int count)
    {
        if ((uint)count > 32)
            throw new ArgumentOutOfRangeException(nameof(count));
        uint value = 0;
        for (var i = 0; i < count; i++)
        {
            var byteIndex = _bitPosition >> 3;
            uint bit = 0;
            if (byteIndex < _data.Length)
                bit = (uint)(_data[(int)byteIndex] >> (7 - (int)(_bitPosition & 7))) & 1;
            else
                IsOverrun = true;
            value = (value << 1) | bit;
            _bitPosition++;
        }
        return value;
    }

    public void SkipBits(long count)
    {
        _bitPosition += count;
        if (_bitPosition > (long)_data.Length * 8)
            IsOverrun = true;
    }

    /// <summary>Unsigned exp-Golomb ue(v). More than 31 leading zeros cannot be a valid code: flagged as overrun.</summary>
    public uint ReadUe()
    {
        var leadingZeros = 0;
        while (!ReadBit())
        {
            if (IsOverrun || ++leadingZeros > 31)
            {
                IsOverrun = true;
                return 0;
            }
        }
        if (leadingZeros == 0)
            return 0;
        return (uint)((1UL << leadingZeros) - 1 + ReadBits(leadingZeros));
    }

    /// <summary>Signed exp-Golomb se(v): 1, -1, 2, -2, ...</summary>
    public int ReadSe()
    {
        var code = ReadUe();
        return (code & 1) != 0 ? (int)((code + 1) / 2) : -(int)(code / 2);
    }
}
