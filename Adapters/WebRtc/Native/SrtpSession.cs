namespace InteropGateway.Adapters.WebRtc.Native;

/// <summary>Which way an <see cref="SrtpSession"/> works: libsrtp wildcards cannot match both (srtp.h, srtp_policy_t).</summary>
public enum SrtpDirection
{
    /// <summary>Protects what we send (ssrc_any_outbound).</summary>
    Outbound,
    /// <summary>Unprotects what the peer sends (ssrc_any_inbound).</summary>
    Inbound,
}

/// <summary>
/// One direction of SRTP/SRTCP for one peer: a libsrtp2 srtp_t keyed with a master key and salt.
/// Packets are transformed in place in the caller's buffer; nothing is allocated per packet.
/// An srtp_t is not thread-safe, so calls are serialized with a lock (uncontended in practice:
/// one sender or one receive loop per direction).
/// </summary>
public sealed unsafe class SrtpSession : IDisposable
{
    /// <summary>Replay window for inbound packets; large enough for NACK retransmits arriving late.</summary>
    public const int DefaultWindowSize = 1024;

    private readonly SrtpContextHandle _context;
    private readonly Lock _gate = new();

    public SrtpProfile Profile { get; }
    public SrtpDirection Direction { get; }

    /// <param name="masterKeyAndSalt">The master key immediately followed by the master salt (libsrtp's layout).</param>
    /// <param name="allowRepeatTx">Let the same sequence number be protected again: NACK retransmits resend the same packet.</param>
    public SrtpSession(SrtpProfile profile, SrtpDirection direction, ReadOnlySpan<byte> masterKeyAndSalt,
        int windowSize = DefaultWindowSize, bool allowRepeatTx = true)
    {
        var expected = profile.KeyLength() + profile.SaltLength();
        if (masterKeyAndSalt.Length != expected)
            throw new ArgumentException($"{profile} needs {expected} bytes of key + salt, got {masterKeyAndSalt.Length}", nameof(masterKeyAndSalt));
        if (windowSize < 64 || windowSize >= 0x8000)
            throw new ArgumentOutOfRangeException(nameof(windowSize), "libsrtp accepts 64..32767");

        SrtpLibrary.EnsureInitialized();
        Profile = profile;
        Direction = direction;

        SrtpPolicy policy = default;
        if (profile == SrtpProfile.AeadAes128Gcm)
        {
            SrtpImports.SetAesGcm128Auth16(&policy.Rtp);
            SrtpImports.SetAesGcm128Auth16(&policy.Rtcp);
        }
        else
        {
            SrtpImports.SetRtpDefault(&policy.Rtp);
            SrtpImports.SetRtcpDefault(&policy.Rtcp);
        }
        policy.SsrcType = direction == SrtpDirection.Outbound ? SrtpSsrcType.AnyOutbound : SrtpSsrcType.AnyInbound;
        policy.WindowSize = (nuint)windowSize;
        policy.AllowRepeatTx = allowRepeatTx ? 1 : 0;

        // srtp_create copies the key into its own session keys, so it only has to stay pinned for the call.
        Span<byte> key = stackalloc byte[expected];
        masterKeyAndSalt.CopyTo(key);
        fixed (byte* keyPointer = key)
        {
            policy.Key = keyPointer;
            var status = SrtpImports.Create(out _context, &policy);
            key.Clear();
            if (status != SrtpStatus.Ok)
            {
                _context.Dispose();
                throw new SrtpException("srtp_create", status);
            }
        }
    }

    /// <summary>Spare bytes the buffer must have after an RTP packet for <see cref="ProtectRtp"/>.</summary>
    public int RtpTrailerLength => Profile.RtpTrailerLength();

    /// <summary>Spare bytes the buffer must have after an RTCP packet for <see cref="ProtectRtcp"/>.</summary>
    public int RtcpTrailerLength => Profile.RtcpTrailerLength();

    /// <summary>Encrypts and authenticates the RTP packet in buffer[..length]; the tag is appended in place.</summary>
    public SrtpStatus ProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        RequireDirection(SrtpDirection.Outbound);
        RequireRoom(buffer, length, RtpTrailerLength);
        return Transform(buffer, length, out protectedLength, &SrtpImports.Protect);
    }

    /// <summary>Encrypts and authenticates the RTCP compound packet in buffer[..length]; index and tag are appended.</summary>
    public SrtpStatus ProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        RequireDirection(SrtpDirection.Outbound);
        RequireRoom(buffer, length, RtcpTrailerLength);
        return Transform(buffer, length, out protectedLength, &SrtpImports.ProtectRtcp);
    }

    /// <summary>Checks and decrypts the SRTP packet occupying all of <paramref name="packet"/>, in place.</summary>
    public SrtpStatus UnprotectRtp(Span<byte> packet, out int plainLength)
    {
        RequireDirection(SrtpDirection.Inbound);
        return Transform(packet, packet.Length, out plainLength, &SrtpImports.Unprotect);
    }

    /// <summary>Checks and decrypts the SRTCP packet occupying all of <paramref name="packet"/>, in place.</summary>
    public SrtpStatus UnprotectRtcp(Span<byte> packet, out int plainLength)
    {
        RequireDirection(SrtpDirection.Inbound);
        return Transform(packet, packet.Length, out plainLength, &SrtpImports.UnprotectRtcp);
    }

    public void Dispose()
    {
        lock (_gate)
            _context.Dispose();
    }

    private SrtpStatus Transform(Span<byte> buffer, int length, out int resultLength,
        delegate*<SrtpContextHandle, byte*, int*, SrtpStatus> operation)
    {
        // libsrtp reads the fixed RTP/RTCP header before checking anything; shorter input is never valid.
        if (length < 8)
        {
            resultLength = 0;
            return SrtpStatus.ParseError;
        }
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_context.IsClosed, this);
            var inOut = length;
            SrtpStatus status;
            fixed (byte* pointer = buffer)
                status = operation(_context, pointer, &inOut);
            resultLength = status == SrtpStatus.Ok ? inOut : 0;
            return status;
        }
    }

    private void RequireDirection(SrtpDirection direction)
    {
        if (Direction != direction)
            throw new InvalidOperationException($"This SRTP session is {Direction}; the call needs {direction}.");
    }

    private static void RequireRoom(Span<byte> buffer, int length, int trailer)
    {
        // libsrtp writes the trailer past 'length' without knowing the buffer's size.
        if ((uint)length > (uint)buffer.Length || buffer.Length - length < trailer)
            throw new ArgumentException($"Buffer needs {trailer} spare bytes after the {length}-byte packet.", nameof(buffer));
    }
}
