using System.Buffers.Binary;

namespace InteropGateway.Codecs.Bitstream;

/// <summary>
/// Walks the NAL units of a length-prefixed (AVCC/HVCC) sample. A length that runs past the end
/// stops the walk and sets <see cref="IsMalformed"/> rather than throwing, so a corrupt frame from
/// a peer is rejected by one check after the loop. A ref struct: no allocation.
/// <c>foreach</c> walks a copy, so a caller that checks <see cref="IsMalformed"/> afterwards
/// loops with <see cref="MoveNext"/> on its own variable instead.
/// </summary>
public ref struct AvccNalEnumerator
{
    private ReadOnlySpan<byte> _rest;
    private readonly int _lengthSize;

    /// <param name="lengthSize">Bytes of each length prefix: 1, 2 or 4 (avcC lengthSizeMinusOne + 1).</param>
    public AvccNalEnumerator(ReadOnlySpan<byte> sample, int lengthSize = 4)
    {
        if (lengthSize is not (1 or 2 or 4))
            throw new ArgumentOutOfRangeException(nameof(lengthSize), lengthSize, "NAL length size must be 1, 2 or 4");
        _rest = sample;
        _lengthSize = lengthSize;
        Current = default;
        IsMalformed = false;
    }

    public ReadOnlySpan<byte> Current { get; private set; }

    /// <summary>A length prefix was truncated or claimed more bytes than remain.</summary>
    public bool IsMalformed { get; private set; }

    public readonly AvccNalEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_rest.IsEmpty || IsMalformed)
            return false;
        if (_rest.Length < _lengthSize)
            return Fail();
        var length = _lengthSize switch
        {
            1 => _rest[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(_rest),
            _ => BinaryPrimitives.ReadUInt32BigEndian(_rest),
        };
        if (length == 0 || length > (uint)(_rest.Length - _lengthSize))
            return Fail();
        Current = _rest.Slice(_lengthSize, (int)length);
        _rest = _rest[(_lengthSize + (int)length)..];
        return true;
    }

    private bool Fail()
    {
        IsMalformed = true;
        _rest = default;
        Current = default;
        return false;
    }
}
