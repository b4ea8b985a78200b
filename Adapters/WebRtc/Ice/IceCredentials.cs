using System.Security.Cryptography;

namespace InteropGateway.Adapters.WebRtc.Ice;

/// <summary>
/// Our ice-ufrag/ice-pwd for one session (RFC 8839 §5.4: ufrag ≥ 4 ice-chars, password ≥ 22).
/// The ufrag is what routes a STUN check to its session, so it is random, not derived from the stream name.
/// </summary>
public sealed class IceCredentials
{
    private const string IceChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/";

    public string Ufrag { get; }
    public string Password { get; }

    public IceCredentials(string ufrag, string password)
    {
        Ufrag = ufrag;
        Password = password;
    }

    public static IceCredentials Generate() => new(RandomIceString(8), RandomIceString(24));

    private static string RandomIceString(int length) => RandomNumberGenerator.GetString(IceChars, length);
}
