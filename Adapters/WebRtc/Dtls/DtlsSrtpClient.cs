using System.Collections;
using InteropGateway.Adapters.WebRtc.Native;
using Org.BouncyCastle.Crypto.Tls;

namespace InteropGateway.Adapters.WebRtc.Dtls;

/// <summary>
/// Our DTLS client (a=setup:active): offers use_srtp, checks the server certificate against the SDP
/// fingerprint, presents our certificate when asked and exports the SRTP keys when done.
/// </summary>
internal sealed class DtlsSrtpClient(DtlsCertificate certificate, DtlsFingerprint remoteFingerprint, IReadOnlyList<SrtpProfile> profiles)
    : DefaultTlsClient
{
    private readonly DtlsCertificate _certificate = certificate;
    private readonly DtlsFingerprint _remoteFingerprint = remoteFingerprint;
    private SrtpProfile? _profile;

    public SrtpKeyingMaterial? Keys { get; private set; }

    public string? FailureReason { get; private set; }

    public override ProtocolVersion MinimumVersion => ProtocolVersion.DTLSv10;

    public override ProtocolVersion ClientVersion => ProtocolVersion.DTLSv12;

    public override int[] GetCipherSuites() => DtlsSrtpPolicy.CipherSuites;

    public override IDictionary GetClientExtensions()
    {
        var extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        TlsSRTPUtils.AddUseSrtpExtension(extensions,
            new UseSrtpData(DtlsSrtpPolicy.ProfileIds(profiles), TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        var chosen = serverExtensions is null ? null : TlsSRTPUtils.GetUseSrtpExtension(serverExtensions);
        // The server must pick exactly one of the profiles we offered (RFC 5764 §4.1.1).
        _profile = chosen?.ProtectionProfiles is { Length: 1 } ids ? DtlsSrtpPolicy.Choose(profiles, ids) : null;
        if (_profile is null)
        {
            FailureReason = "server did not select one of our SRTP protection profiles (use_srtp)";
            throw new TlsFatalAlert(AlertDescription.illegal_parameter);
        }
    }

    public override TlsAuthentication GetAuthentication() => new FingerprintAuthentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        Keys = DtlsSrtpPolicy.ExportKeys(mContext, _profile!.Value, DtlsRole.Client);
    }

    public override void NotifyAlertRaised(byte alertLevel, byte alertDescription, string message, Exception cause)
    {
        if (alertLevel == AlertLevel.fatal)
            FailureReason ??= "sent " + DtlsSrtpPolicy.DescribeAlert(alertLevel, alertDescription) + (message is null ? "" : ": " + message);
    }

    public override void NotifyAlertReceived(byte alertLevel, byte alertDescription)
    {
        if (alertLevel == AlertLevel.fatal)
            FailureReason ??= "peer sent " + DtlsSrtpPolicy.DescribeAlert(alertLevel, alertDescription);
    }

    private sealed class FingerprintAuthentication(DtlsSrtpClient owner) : TlsAuthentication
    {
        public void NotifyServerCertificate(Certificate serverCertificate)
        {
            var problem = DtlsSrtpPolicy.CheckPeerCertificate(serverCertificate, owner._remoteFingerprint);
            if (problem is not null)
            {
                owner.FailureReason = problem;
                throw new TlsFatalAlert(AlertDescription.bad_certificate);
            }
        }

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
            DtlsSrtpPolicy.SignerCredentials(owner.mContext, owner._certificate);
    }
}
