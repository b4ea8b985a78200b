using System.Runtime.InteropServices;

namespace InteropGateway.Adapters.WebRtc.Native;

/// <summary>Owns an srtp_t; freed with srtp_dealloc exactly once, even if a packet call races with Dispose.</summary>
internal sealed class SrtpContextHandle : SafeHandle
{
    public SrtpContextHandle() : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle() => SrtpImports.Dealloc(handle) == SrtpStatus.Ok;
}
