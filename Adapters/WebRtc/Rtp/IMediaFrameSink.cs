using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.WebRtc.Rtp;

/// <summary>Receives access units from a depacketizer; the sink takes over the one reference it is given.</summary>
public interface IMediaFrameSink
{
    void OnFrame(MediaFrame frame);
}
