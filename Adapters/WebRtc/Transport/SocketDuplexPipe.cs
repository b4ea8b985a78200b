using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace InteropGateway.Adapters.WebRtc.Transport;

/// <summary>An accepted TCP socket seen as the duplex pipe an <see cref="IceTcpConnection"/> runs over.</summary>
internal sealed class SocketDuplexPipe : IDuplexPipe
{
    private readonly Socket _socket;

    public SocketDuplexPipe(Socket socket)
    {
        _socket = socket;
        RemoteEndPoint = (IPEndPoint)socket.RemoteEndPoint!;
        // The pipes leave the stream open: Abort owns the socket, so completing a pipe never races a send.
        var stream = new NetworkStream(socket, ownsSocket: false);
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16384, leaveOpen: true));
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>Shuts the socket down in both directions and releases it; pending reads and writes fail.</summary>
    public void Abort()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        _socket.Dispose();
    }
}
