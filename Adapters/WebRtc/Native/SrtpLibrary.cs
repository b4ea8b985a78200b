namespace InteropGateway.Adapters.WebRtc.Native;

/// <summary>srtp_init must run once per process before any srtp_create.</summary>
internal static class SrtpLibrary
{
    private static readonly Lazy<SrtpStatus> InitStatus = new(SrtpImports.Init, LazyThreadSafetyMode.ExecutionAndPublication);

    public static void EnsureInitialized()
    {
        var status = InitStatus.Value;
        if (status != SrtpStatus.Ok)
            throw new SrtpException("srtp_init", status);
    }
}
