using System.Net;
using System.Text;

namespace InteropGateway.Adapters.WebRtc.Ice;

/// <summary>
/// The ICE-lite side of one session (RFC 8445 §2.5): it never sends checks, it answers the browser's.
/// A check is valid when USERNAME is "localUfrag:remoteUfrag" and MESSAGE-INTEGRITY was made with our
/// password. Every valid check refreshes consent (RFC 7675); without one for <see cref="ConsentTimeout"/>
/// the session is lost. Not tied to sockets: the transport passes datagrams in and sends what it writes.
/// </summary>
public sealed class IceLiteResponder
{
    private readonly byte[] _expectedUsernamePrefix;
    private readonly byte[] _passwordKey;
    private byte[]? _remoteUfrag;
    private long _lastValidCheckTimestamp;
    private long _badIntegrityCount;
    private long _wrongUsernameCount;

    public IceCredentials Local { get; }
    public TimeSpan ConsentTimeout { get; }
    private readonly TimeProvider _time;

    public IceLiteResponder(IceCredentials local, string? remoteUfrag, TimeSpan consentTimeout, TimeProvider? time = null)
    {
        Local = local;
        ConsentTimeout = consentTimeout;
        _time = time ?? TimeProvider.System;
        _expectedUsernamePrefix = Encoding.UTF8.GetBytes(local.Ufrag + ":");
        _passwordKey = Encoding.UTF8.GetBytes(local.Password);
        SetRemoteUfrag(remoteUfrag);
        // Consent starts "fresh" at creation, so a peer that never checks at all is also timed out.
        _lastValidCheckTimestamp = _time.GetTimestamp();
    }

    public long BadIntegrityCount => Interlocked.Read(ref _badIntegrityCount);
    public long WrongUsernameCount => Interlocked.Read(ref _wrongUsernameCount);

    /// <summary>Set when the remote ufrag is known only later (e.g. a trickled or late answer); null accepts any.</summary>
    public void SetRemoteUfrag(string? remoteUfrag) =>
        _remoteUfrag = string.IsNullOrEmpty(remoteUfrag) ? null : Encoding.UTF8.GetBytes(remoteUfrag);

    /// <summary>The local ufrag a STUN USERNAME names (the part before ':'), for routing a check to its session.</summary>
    public static ReadOnlySpan<byte> LocalUfragOf(ReadOnlySpan<byte> username)
    {
        var colon = username.IndexOf((byte)':');
        return colon < 0 ? username : username[..colon];
    }

    public bool IsConsentExpired() => _time.GetElapsedTime(Interlocked.Read(ref _lastValidCheckTimestamp)) > ConsentTimeout;

    /// <summary>Time since the last valid check (or since creation).</summary>
    public TimeSpan SinceLastValidCheck => _time.GetElapsedTime(Interlocked.Read(ref _lastValidCheckTimestamp));

    /// <summary>
    /// Handles one parsed STUN message from <paramref name="source"/>. For a valid Binding request writes the
    /// success response (XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY, FINGERPRINT) into <paramref name="response"/>.
    /// </summary>
    public IceCheckOutcome Handle(in StunMessage request, IPEndPoint source, Span<byte> response, out int responseLength)
    {
        responseLength = 0;
        if (request.Type != StunMessageType.BindingRequest)
            return IceCheckOutcome.IgnoredOther;
        if (request.FingerprintOffset >= 0 && !request.VerifyFingerprint())
            return IceCheckOutcome.IgnoredOther;
        if (!UsernameMatches(request.Username))
        {
            Interlocked.Increment(ref _wrongUsernameCount);
            return IceCheckOutcome.IgnoredWrongUsername;
        }
        if (!request.VerifyIntegrity(_passwordKey))
        {
            Interlocked.Increment(ref _badIntegrityCount);
            return IceCheckOutcome.IgnoredBadIntegrity;
        }

        Interlocked.Exchange(ref _lastValidCheckTimestamp, _time.GetTimestamp());
        var writer = new StunMessageWriter(response, StunMessageType.BindingSuccess, request.TransactionId);
        writer.AddXorMappedAddress(source.Address, source.Port);
        writer.AddMessageIntegrity(_passwordKey);
        writer.AddFingerprint();
        responseLength = writer.Length;
        return request.UseCandidate ? IceCheckOutcome.AnsweredAndNominated : IceCheckOutcome.Answered;
    }

    private bool UsernameMatches(ReadOnlySpan<byte> username)
    {
        if (!username.StartsWith(_expectedUsernamePrefix))
            return false;
        var remote = _remoteUfrag;
        return remote is null || username[_expectedUsernamePrefix.Length..].SequenceEqual(remote);
    }
}
