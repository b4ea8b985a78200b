namespace InteropGateway.Adapters.WebRtc.Rtp.Interceptors;

/// <summary>
/// The end of the receive chain: parses each packet and feeds it to a depacketizer, collecting the
/// events for the session to act on (PLI on <see cref="DepacketizerEvents.NeedKeyframe"/>, new
/// header on <see cref="DepacketizerEvents.TrackChanged"/>).
/// </summary>
public sealed class DepacketizingSink(IRtpDepacketizer depacketizer, IMediaFrameSink frames) : IRtpPacketSink
{
    private DepacketizerEvents _pending;

    public IRtpDepacketizer Depacketizer => depacketizer;
    public long MalformedPackets { get; private set; }

    public void OnRtpPacket(ReadOnlySpan<byte> packet)
    {
        if (!RtpPacket.TryParse(packet, out var parsed))
        {
            MalformedPackets++;
            return;
        }
        _pending |= depacketizer.Push(parsed, frames);
    }

    /// <summary>The events since the last call.</summary>
    public DepacketizerEvents TakeEvents()
    {
        var events = _pending;
        _pending = DepacketizerEvents.None;
        return events;
    }
}
