using System.Buffers;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.RelayNode.Wire;

/// <summary>
/// One relay body being written: the preamble and Hello once, then each frame, announcing its
/// track first whenever the frame points at a config not sent yet (a new publisher, a new sequence
/// header). Track ids are the media kinds: the core carries one video and one audio track.
/// </summary>
public sealed class RelayStreamEncoder(string sourceProtocol)
{
    private readonly TrackConfig?[] _sent = new TrackConfig?[2];
    private bool _started;

    public void WriteFrame(IBufferWriter<byte> output, MediaFrame frame)
    {
        Start(output);
        var trackId = (int)frame.Kind;
        if (!ReferenceEquals(_sent[trackId], frame.Track))
        {
            RelayWireWriter.WriteTrack(output, trackId, frame.Track);
            _sent[trackId] = frame.Track;
        }
        RelayWireWriter.WriteFrame(output, trackId, frame);
    }

    public void WriteEnd(IBufferWriter<byte> output, string reason)
    {
        Start(output);
        RelayWireWriter.WriteEnd(output, reason);
    }

    /// <summary>Preamble and Hello: sent before any frame so the receiver knows the source at once.</summary>
    public void Start(IBufferWriter<byte> output)
    {
        if (_started)
            return;
        _started = true;
        RelayWireWriter.WritePreamble(output);
        RelayWireWriter.WriteHello(output, sourceProtocol);
    }
}
