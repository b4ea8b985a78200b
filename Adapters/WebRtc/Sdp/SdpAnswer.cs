namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>An answer and the facts the session needs from the offer/answer exchange.</summary>
public sealed record SdpAnswer(
    SessionDescription Description,
    IReadOnlyList<NegotiatedMedia> Media,
    SdpSetupRole LocalSetup,
    string RemoteIceUfrag,
    string RemoteIcePwd,
    SdpFingerprint RemoteFingerprint)
{
    public string Text => Description.ToString();

    /// <summary>True when we are the DTLS client (the offer said passive).</summary>
    public bool IsDtlsClient => LocalSetup == SdpSetupRole.Active;
}
