namespace InteropGateway.Adapters.WebRtc.Rtp;

/// <summary>RFC 3550 serial-number arithmetic on 16-bit sequence numbers.</summary>
public static class RtpSequence
{
    /// <summary>Signed distance from <paramref name="from"/> to <paramref name="to"/>, in -32768..32767.</summary>
    public static int Distance(ushort from, ushort to) => (short)(ushort)(to - from);

    public static bool IsNewer(ushort candidate, ushort than) => Distance(than, candidate) > 0;
}
