namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>One <c>m=</c> section and its attributes.</summary>
public sealed class MediaDescription : SdpAttributeList
{
    /// <summary>"audio", "video", "application"...</summary>
    public string Kind { get; set; } = "";
    /// <summary>0 means rejected (RFC 8829 §5.3.1); 9 is the WebRTC "discard" placeholder.</summary>
    public int Port { get; set; }
    public string Protocol { get; set; } = "UDP/TLS/RTP/SAVPF";
    /// <summary>The format list: payload type numbers for RTP, "webrtc-datachannel" for SCTP.</summary>
    public List<string> Formats { get; } = [];
    public string? Connection { get; set; }
    /// <summary>1-based line of the m= line in the parsed text, for error messages.</summary>
    public int LineNumber { get; set; }

    public bool IsRtp => Protocol.Contains("RTP", StringComparison.Ordinal);
    public bool IsRejected => Port == 0;

    public string? Mid => GetAttribute("mid");

    /// <summary>The direction attribute, sendrecv when absent (RFC 8866 §6.7).</summary>
    public MediaDirection Direction
    {
        get
        {
            foreach (var attribute in Attributes)
                if (attribute.Value is null && MediaDirectionNames.TryParse(attribute.Name, out var direction))
                    return direction;
            return MediaDirection.SendRecv;
        }
    }

    public bool RtcpMux => HasAttribute("rtcp-mux");

    public IEnumerable<SdpRtpMap> RtpMaps => Typed<SdpRtpMap>("rtpmap", (string? v, out SdpRtpMap m) => SdpRtpMap.TryParse(v, out m, out _));
    public IEnumerable<SdpFmtp> Fmtps => Typed<SdpFmtp>("fmtp", SdpFmtp.TryParse);
    public IEnumerable<SdpRtcpFeedback> RtcpFeedback => Typed<SdpRtcpFeedback>("rtcp-fb", SdpRtcpFeedback.TryParse);
    public IEnumerable<SdpSsrc> Ssrcs => Typed<SdpSsrc>("ssrc", SdpSsrc.TryParse);
    public IEnumerable<SdpSsrcGroup> SsrcGroups => Typed<SdpSsrcGroup>("ssrc-group", SdpSsrcGroup.TryParse);
    public IEnumerable<SdpCandidate> Candidates => Typed<SdpCandidate>("candidate", SdpCandidate.TryParse);
    public IEnumerable<SdpExtmap> Extmaps => Typed<SdpExtmap>("extmap", SdpExtmap.TryParse);
    public SdpMsid? Msid => SdpMsid.TryParse(GetAttribute("msid"), out var msid) ? msid : null;

    /// <summary>The primary SSRC the peer sends with: the first of an FID group (the other is RTX), else the first listed.</summary>
    public uint? PrimarySsrc
    {
        get
        {
            var fid = SsrcGroups.FirstOrDefault(g => g.Semantics == "FID");
            if (fid is not null)
                return fid.Ssrcs[0];
            var first = Ssrcs.FirstOrDefault();
            return first?.Ssrc;
        }
    }

    public string? CnameOf(uint ssrc) =>
        Ssrcs.FirstOrDefault(s => s.Ssrc == ssrc && s.Attribute == "cname")?.Value;

    /// <summary>The RTP codecs in format-list (preference) order, with their fmtp and rtcp-fb.</summary>
    public IReadOnlyList<SdpRtpCodec> Codecs()
    {
        var maps = RtpMaps.ToDictionary(m => m.PayloadType);
        var fmtps = Fmtps.GroupBy(f => f.PayloadType).ToDictionary(g => g.Key, g => g.First().Parameters);
        var feedback = RtcpFeedback.ToList();
        var result = new List<SdpRtpCodec>();
        foreach (var format in Formats)
        {
            if (!SdpPayloadType.TryParse(format, out var pt) || !maps.TryGetValue(pt, out var map))
                continue; // static payload types without rtpmap are not used by WebRTC
            result.Add(new SdpRtpCodec(pt, map.EncodingName, map.ClockRate, map.Channels,
                fmtps.GetValueOrDefault(pt), feedback.Where(f => f.PayloadType == pt || f.PayloadType < 0).ToList()));
        }
        return result;
    }

    public delegate bool TryParser<T>(string? value, out T result);

    private IEnumerable<T> Typed<T>(string name, TryParser<T> parse)
    {
        foreach (var value in GetAttributes(name))
            if (parse(value, out var parsed))
                yield return parsed;
    }
}
