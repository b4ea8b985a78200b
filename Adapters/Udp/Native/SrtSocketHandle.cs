using System.Runtime.InteropServices;

namespace InteropGateway.Adapters.Udp.Native;

/// <summary>
/// Owns one SRTSOCKET id: srt_close runs exactly once, after the last call holding a reference
/// (<see cref="SafeHandle.DangerousAddRef"/>) returned. Calls never block in libsrt (sockets are
/// non-blocking, waits go through the epoll thread), so closing never waits on a stuck call.
/// </summary>
internal sealed class SrtSocketHandle : SafeHandle
{
    public SrtSocketHandle(int socket) : base(SrtImports.Error, ownsHandle: true) => SetHandle(socket);

    public override bool IsInvalid => (int)handle == SrtImports.Error;

    public int Id => (int)handle;

    protected override bool ReleaseHandle() => SrtImports.Close((int)handle) == 0;
}
