using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.WebRtc.Rtp;

/// <summary>Turns the RTP packets of one SSRC, in sequence order, into access units of the media model.</summary>
public interface IRtpDepacketizer : IDisposable
{
    /// <summary>The current track config, null until the stream has said enough (H264: SPS and PPS).</summary>
    TrackConfig? Track { get; }

    DepacketizerEvents Push(in RtpPacket packet, IMediaFrameSink sink);
}
