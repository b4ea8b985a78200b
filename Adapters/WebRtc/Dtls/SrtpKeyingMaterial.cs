using InteropGateway.Adapters.WebRtc.Native;

namespace InteropGateway.Adapters.WebRtc.Dtls;

/// <summary>
/// The SRTP master keys and salts exported from a finished DTLS handshake with the label
/// "EXTRACTOR-dtls_srtp" (RFC 5764 §4.2). The exporter output is laid out as
/// client key | server key | client salt | server salt; each side protects with its own write key.
/// </summary>
public sealed class SrtpKeyingMaterial
{
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    public SrtpProfile Profile { get; }
    /// <summary>Key then salt, for protecting what we send.</summary>
    public byte[] LocalKeyAndSalt { get; }
    /// <summary>Key then salt, for unprotecting what the peer sends.</summary>
    public byte[] RemoteKeyAndSalt { get; }

    private SrtpKeyingMaterial(SrtpProfile profile, byte[] local, byte[] remote)
    {
        Profile = profile;
        LocalKeyAndSalt = local;
        RemoteKeyAndSalt = remote;
    }

    public static int ExportLength(SrtpProfile profile) => 2 * (profile.KeyLength() + profile.SaltLength());

    public static SrtpKeyingMaterial FromExporter(SrtpProfile profile, ReadOnlySpan<byte> exported, DtlsRole localRole)
    {
        var keyLength = profile.KeyLength();
        var saltLength = profile.SaltLength();
        if (exported.Length != ExportLength(profile))
            throw new ArgumentException($"{profile} exports {ExportLength(profile)} bytes, got {exported.Length}.", nameof(exported));

        var client = new byte[keyLength + saltLength];
        var server = new byte[keyLength + saltLength];
        exported[..keyLength].CopyTo(client);
        exported.Slice(keyLength, keyLength).CopyTo(server);
        exported.Slice(2 * keyLength, saltLength).CopyTo(client.AsSpan(keyLength));
        exported.Slice(2 * keyLength + saltLength, saltLength).CopyTo(server.AsSpan(keyLength));

        return localRole == DtlsRole.Server
            ? new SrtpKeyingMaterial(profile, server, client)
            : new SrtpKeyingMaterial(profile, client, server);
    }

    public SrtpSession CreateOutbound() => new(Profile, SrtpDirection.Outbound, LocalKeyAndSalt);

    public SrtpSession CreateInbound() => new(Profile, SrtpDirection.Inbound, RemoteKeyAndSalt);
}
