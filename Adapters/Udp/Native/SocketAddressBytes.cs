using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace InteropGateway.Adapters.Udp.Native;

/// <summary>
/// Linux <c>struct sockaddr_in</c> / <c>sockaddr_in6</c> in a caller's buffer, for srt_bind,
/// srt_connect and the addresses libsrt hands back. Family in host order, port and address in network order.
/// </summary>
internal static class SocketAddressBytes
{
    /// <summary>Enough for sockaddr_in6 (28 bytes), rounded up like sockaddr_storage's alignment.</summary>
    public const int MaxLength = 32;

    private const ushort LinuxInet = 2, LinuxInet6 = 10;

    /// <summary>Writes <paramref name="endPoint"/> and returns the length to pass as namelen.</summary>
    public static int Write(IPEndPoint endPoint, Span<byte> destination)
    {
        destination[..MaxLength].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)endPoint.Port);
        if (endPoint.AddressFamily == AddressFamily.InterNetwork)
        {
            BitConverter.TryWriteBytes(destination, LinuxInet);
            endPoint.Address.TryWriteBytes(destination[4..8], out _);
            return 16;
        }
        BitConverter.TryWriteBytes(destination, LinuxInet6);
        endPoint.Address.TryWriteBytes(destination[8..24], out _);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[24..], (uint)endPoint.Address.ScopeId);
        return 28;
    }

    /// <summary>Reads a sockaddr libsrt filled in; null for a family other than IPv4/IPv6.</summary>
    public static IPEndPoint? Read(ReadOnlySpan<byte> source)
    {
        var family = BitConverter.ToUInt16(source);
        var port = BinaryPrimitives.ReadUInt16BigEndian(source[2..]);
        return family switch
        {
            LinuxInet => new IPEndPoint(new IPAddress(source[4..8]), port),
            LinuxInet6 => new IPEndPoint(new IPAddress(source[8..24], BinaryPrimitives.ReadUInt32LittleEndian(source[24..])), port),
            _ => null,
        };
    }
}
