namespace InteropGateway.Bench.Tls;

/// <summary>
/// What a TLS client gets on the gateway's TLS port (protocol version and cipher suite, from
/// <c>openssl s_client -brief</c>) and whether the CPU has AES-NI, so the section says which record
/// cipher the figures are for. The players are GnuTLS, not OpenSSL: with both libraries' default
/// preferences a TLS 1.3 server settles on the same AES-GCM suite, but this probe is OpenSSL's view.
/// </summary>
internal static class TlsSessionProbe
{
    public static async Task<string> DescribeAsync(ChildProcesses children, int port)
    {
        var (_, output) = await children.RunAsync("sh", ["-c", $"openssl s_client -connect 127.0.0.1:{port} -brief </dev/null 2>&1"],
            TimeSpan.FromSeconds(15), logCommand: false);
        string Line(string key) => output.Split('\n').FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?[key.Length..].Trim(' ', ':') ?? "?";
        var aesNi = File.Exists("/proc/cpuinfo") && File.ReadLines("/proc/cpuinfo")
            .Any(l => l.StartsWith("flags", StringComparison.Ordinal) && l.Split(' ').Contains("aes"));
        return $"{Line("Protocol version")}, {Line("Ciphersuite")} (openssl s_client against the TLS port; server side .NET SslStream on OpenSSL); CPU {(aesNi ? "has" : "lacks")} AES-NI";
    }
}
