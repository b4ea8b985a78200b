namespace InteropGateway.Codecs.Native;

/// <summary>
/// An FFmpeg decoder driven by the send/receive loop. Corrupt input never throws: <see cref="Send"/>
/// and <see cref="Receive"/> return the error for the caller to count, and the decoder stays usable
/// for the next frame.
/// </summary>
/// <example>
/// <code>
/// using var decoder = Decoder.Open("aac", asc);
/// if (decoder.Send(payload, pts, dts, keyframe).IsError) { count corrupt; skip }
/// while (decoder.TryReceive(frame)) { use frame }
/// </code>
/// </example>
public sealed class Decoder : IDisposable
{
    private readonly CodecContextHandle _context;
    private readonly AvPacket _packet = new();

    private Decoder(string codecName, CodecContextHandle context)
    {
        CodecName = codecName;
        _context = context;
    }

    public string CodecName { get; }

    /// <summary>The last error <see cref="TryReceive"/> swallowed (success when none).</summary>
    public AvResult LastReceiveError { get; private set; }

    /// <summary>
    /// Opens the decoder named <paramref name="codecName"/> ("aac", "opus", "mp2", "h264"...), with
    /// out-of-band config and AVOptions (e.g. "ch_layout"="stereo", "threads"="2").
    /// </summary>
    public static Decoder Open(string codecName, ReadOnlySpan<byte> extradata = default, IReadOnlyDictionary<string, string>? options = null)
    {
        var (codec, context) = CodecOpening.Allocate(codecName, encoder: false);
        try
        {
            CodecOpening.SetExtradata(context, extradata);
            CodecOpening.Open(context, codec, codecName, options);
            return new Decoder(codecName, context);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>Sends one access unit. An empty payload is rejected as invalid data (it would mean "flush" to FFmpeg).</summary>
    public AvResult Send(ReadOnlySpan<byte> payload, long pts, long dts, bool keyframe)
    {
        if (payload.IsEmpty)
            return new AvResult(AvError.InvalidData);
        _packet.SetPayload(payload);
        _packet.Pts = pts;
        _packet.Dts = dts;
        _packet.IsKeyframe = keyframe;
        var result = AvCodecImports.avcodec_send_packet(_context, _packet.Handle);
        _packet.Unref();
        return new AvResult(result);
    }

    /// <summary>Enters draining mode: the frames still inside come out of <see cref="Receive"/>, then end of stream.</summary>
    public AvResult SendEndOfStream() => new(AvCodecImports.avcodec_send_packet_null(_context, 0));

    /// <summary>Receives one frame into <paramref name="frame"/> (its previous content is dropped).</summary>
    public AvResult Receive(AvFrame frame) => new(AvCodecImports.avcodec_receive_frame(_context, frame.Handle));

    /// <summary>
    /// True when <paramref name="frame"/> holds a new frame. False when the decoder needs input, is
    /// drained, or failed on the data; the failure is kept in <see cref="LastReceiveError"/>.
    /// </summary>
    public bool TryReceive(AvFrame frame)
    {
        var result = Receive(frame);
        if (result.IsError)
            LastReceiveError = result;
        return result.IsSuccess;
    }

    /// <summary>Drops buffered state (after draining, or to resynchronise after a discontinuity).</summary>
    public void Reset() => AvCodecImports.avcodec_flush_buffers(_context);

    public void Dispose()
    {
        _packet.Dispose();
        _context.Dispose();
    }
}
