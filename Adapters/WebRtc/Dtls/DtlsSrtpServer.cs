using System.Collections;
using InteropGateway.Adapters.WebRtc.Native;
using Org.BouncyCastle.Crypto.Tls;

namespace InteropGateway.Adapters.WebRtc.Dtls;

/// <summary>
/// Our DTLS server (a=setup:passive): DTLS 1.0-1.2, ECDHE-ECDSA, requires the client's certificate and
/// checks it against the SDP fingerprint, negotiates use_srtp and exports the SRTP keys when done.
/// </summary>
internal sealed class DtlsSrtpServer(DtlsCertificate certificate, DtlsFingerprint remoteFingerprint, IReadOnlyList<SrtpProfile> profiles)
    : DefaultTlsServer
{
    private SrtpProfile? _profile;

    public SrtpKeyingMaterial? Keys { get; private set; }

    /// <summary>Why the handshake failed, when we know better than the exception BouncyCastle throws.</summary>
    public string? FailureReason { get; private set; }

    protected override ProtocolVersion MinimumVersion => ProtocolVersion.DTLSv10;

    protected override ProtocolVersion MaximumVersion => ProtocolVersion.DTLSv12;

    protected override int[] GetCipherSuites() => DtlsSrtpPolicy.CipherSuites;

    protected override TlsSignerCredentials GetECDsaSignerCredentials() => DtlsSrtpPolicy.SignerCredentials(mContext, certificate);

    public override CertificateRequest GetCertificateRequest()
    {
        var algorithms = TlsUtilities.IsSignatureAlgorithmsExtensionAllowed(mServerVersion)
            ? DtlsSrtpPolicy.SupportedSignatureAlgorithms()
            : null;
        return new CertificateRequest([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign], algorithms, null);
    }

    public override void NotifyClientCertificate(Certificate clientCertificate)
    {
        var problem = DtlsSrtpPolicy.CheckPeerCertificate(clientCertificate, remoteFingerprint);
        if (problem is not null)
        {
            FailureReason = problem;
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
    }

    public override void ProcessClientExtensions(IDictionary clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        var offered = clientExtensions is null ? null : TlsSRTPUtils.GetUseSrtpExtension(clientExtensions);
        _profile = DtlsSrtpPolicy.Choose(profiles, offered?.ProtectionProfiles);
        if (_profile is null)
        {
            FailureReason = "peer offered no SRTP protection profile we support (use_srtp)";
            throw new TlsFatalAlert(AlertDescription.handshake_failure);
        }
    }

    public override IDictionary GetServerExtensions()
    {
        base.GetServerExtensions();
        TlsSRTPUtils.AddUseSrtpExtension(CheckServerExtensions(), new UseSrtpData([(int)_profile!.Value], TlsUtilities.EmptyBytes));
        return mServerExtensions;
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        Keys = DtlsSrtpPolicy.ExportKeys(mContext, _profile!.Value, DtlsRole.Server);
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
}
