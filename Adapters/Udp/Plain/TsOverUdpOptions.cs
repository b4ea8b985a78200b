namespace InteropGateway.Adapters.Udp.Plain;

/// <summary>MPEG-TS over plain UDP, section <c>Gateway:Udp</c>: configured input and output routes.</summary>
public sealed class TsOverUdpOptions
{
    public const string Section = "Gateway:Udp";

    /// <summary>
    /// Streams received as TS datagrams: <c>udp://0.0.0.0:5000</c> (unicast, bound there) or
    /// <c>udp://239.1.1.1:5000?interface=127.0.0.1</c> (multicast group joined on that interface).
    /// Publishes while datagrams arrive.
    /// </summary>
    public List<UdpRoute> Inputs { get; set; } = [];

    /// <summary>
    /// Streams sent as TS datagrams while published: <c>udp://127.0.0.1:5002</c>, or
    /// <c>udp://239.1.1.1:5002?ttl=1&amp;interface=127.0.0.1</c> for multicast.
    /// </summary>
    public List<UdpRoute> Outputs { get; set; } = [];

    /// <summary>An input that receives nothing for this long ends its publication; the next datagram publishes again.</summary>
    public TimeSpan InputIdleTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest PES an input may carry; a bigger one is dropped (counted) before it grows a buffer further.</summary>
    public int MaxPesBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>TS bytes per output datagram: 1316 = 7 packets, which fits an Ethernet MTU.</summary>
    public int DatagramBytes { get; set; } = 1316;
}

/// <summary>One route: which stream (<c>app/stream</c>) and which UDP address.</summary>
public sealed class UdpRoute
{
    public string Stream { get; set; } = "";
    public string Url { get; set; } = "";

    public override string ToString() => $"{Stream} {Url}";
}
