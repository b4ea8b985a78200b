using InteropGateway.Adapters.Udp.Native;

namespace InteropGateway.Adapters.Udp.Srt;

/// <summary>What the two ends of an SRT link must agree on (passphrase, key length) or size together (latency), set on a socket before it connects or listens.</summary>
internal sealed record SrtLinkSettings(int LatencyMs, string Passphrase, int PbKeyLen)
{
    public static SrtLinkSettings From(SrtOptions options) => new(options.LatencyMs, options.Passphrase, options.PbKeyLen);

    public void ApplyTo(SrtSocket socket)
    {
        socket.SetInt(SrtOption.Latency, LatencyMs);
        if (Passphrase.Length == 0)
            return;
        socket.SetString(SrtOption.Passphrase, Passphrase);
        socket.SetInt(SrtOption.PbKeyLength, PbKeyLen);
    }
}
