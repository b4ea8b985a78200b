namespace InteropGateway.Codecs.Bitstream;

/// <summary>
/// Walks the NAL units of an H.264/H.265 Annex B byte stream (00 00 01 or 00 00 00 01 start
/// codes). Each NAL unit is returned without its start code and without trailing zero bytes
/// (trailing_zero_8bits, or the leading zero of a following 4-byte start code). Bytes before the
/// first start code are skipped. A ref struct over the caller's span: no allocation.
/// </summary>
public ref struct AnnexBNalEnumerator
{
    private ReadOnlySpan<byte> _rest;

    public AnnexBNalEnumerator(ReadOnlySpan<byte> stream)
    {
        var first = stream.IndexOf(StartCode);
        _rest = first < 0 ? default : stream[(first + StartCode.Length)..];
        Current = default;
    }

    private static ReadOnlySpan<byte> StartCode => [0, 0, 1];

    public ReadOnlySpan<byte> Current { get; private set; }

    public readonly AnnexBNalEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        while (!_rest.IsEmpty)
        {
            var next = _rest.IndexOf(StartCode);
            ReadOnlySpan<byte> nal;
            if (next < 0)
            {
                nal = _rest;
                _rest = default;
            }
            else
            {
                nal = _rest[..next];
                _rest = _rest[(next + StartCode.Length)..];
            }
            nal = nal.TrimEnd((byte)0);
            if (nal.IsEmpty)
                continue; // two start codes in a row: nothing between them
            Current = nal;
            return true;
        }
        return false;
    }

    /// <summary>True when <paramref name="data"/> begins with a 3- or 4-byte start code.</summary>
    public static bool StartsWithStartCode(ReadOnlySpan<byte> data) =>
        data.StartsWith(StartCode) || (data.Length >= 4 && data[0] == 0 && data[1..].StartsWith(StartCode));
}
