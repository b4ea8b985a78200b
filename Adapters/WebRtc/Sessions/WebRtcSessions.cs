using System.Collections.Concurrent;
using System.Net;
using InteropGateway.Adapters.WebRtc.Dtls;
using InteropGateway.Adapters.WebRtc.Ice;
using InteropGateway.Adapters.WebRtc.Sdp;
using InteropGateway.Adapters.WebRtc.Transport;
using InteropGateway.Adapters.WebRtc.Whip;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using InteropGateway.Matrix;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteropGateway.Adapters.WebRtc.Sessions;

/// <summary>
/// Creates WHIP and WHEP sessions from SDP offers and keeps them until they end: negotiates the
/// answer (our ICE credentials, certificate fingerprint, host candidates on the shared UDP port,
/// the ICE-TCP port and the multiplexed TLS port), opens the session's transport and starts its media.
/// </summary>
internal sealed class WebRtcSessions(
    WebRtcTransportServer transports,
    StreamHub hub,
    IOptionsMonitor<WebRtcOptions> options,
    IOptionsMonitor<WebRtcTransportOptions> transportOptions,
    IConfiguration configuration,
    ILogger<WebRtcSessions> logger)
{
    private readonly ConcurrentDictionary<string, WebRtcSession> _sessions = new();

    public IReadOnlyCollection<WebRtcSession> Sessions => (IReadOnlyCollection<WebRtcSession>)_sessions.Values;

    /// <param name="clientAskedForTcp">The request carried <c>?transport=tcp</c>: answer with the multiplexed-port candidate only.</param>
    public Task<SessionCreateResult> CreateAsync(WhipRole role, StreamKey key, string offerText, IPEndPoint? remote, bool clientAskedForTcp,
        CancellationToken cancellationToken)
    {
        SdpAnswer answer;
        IceCredentials credentials = IceCredentials.Generate();
        var candidates = Candidates(clientAskedForTcp);
        logger.LogDebug("WebRTC {Role} answer for {Stream} from {Remote}: {Candidates}", role, key, remote, candidates.Reason);
        try
        {
            var offer = SdpParser.Parse(offerText);
            var liveVideo = hub.Find(key)?.VideoTrack;
            answer = SdpAnswerBuilder.Build(offer, new SdpAnswerOptions
            {
                Role = role == WhipRole.Ingest ? GatewayMediaRole.Receive : GatewayMediaRole.Send,
                IceUfrag = credentials.Ufrag,
                IcePwd = credentials.Password,
                Fingerprint = LocalFingerprint(),
                Candidates = candidates.Candidates,
                SendVideoProfile = SendProfile(liveVideo),
                VideoSsrc = (uint)Random.Shared.Next(1, int.MaxValue),
                AudioSsrc = (uint)Random.Shared.Next(1, int.MaxValue),
                StreamId = key.ToString().Replace('/', '-'),
                SessionId = (ulong)Random.Shared.NextInt64(1, long.MaxValue),
            });
        }
        catch (SdpFormatException ex)
        {
            return Task.FromResult(SessionCreateResult.Refused(StatusCodes.Status400BadRequest, $"malformed SDP offer: {ex.Message}"));
        }
        if (answer.Media.Count == 0)
            return Task.FromResult(SessionCreateResult.Refused(StatusCodes.Status406NotAcceptable,
                "no media in the offer that this gateway can " + (role == WhipRole.Ingest ? "receive (H264, VP8, Opus)" : "send (H264, Opus)")));

        if (transports.Handshakes.InProgress >= transports.Handshakes.MaxConcurrent)
            return Task.FromResult(SessionCreateResult.Refused(StatusCodes.Status503ServiceUnavailable,
                $"{transports.Handshakes.MaxConcurrent} WebRTC handshakes are in progress, the most this gateway runs at once; try again shortly"));
        var transport = transports.CreatePeer(new PeerTransportParameters(
            answer.RemoteIceUfrag,
            DtlsFingerprint.Parse(answer.RemoteFingerprint.ToString()),
            answer.IsDtlsClient ? DtlsRole.Client : DtlsRole.Server,
            credentials));
        var info = new SessionInfo(Protocols.WebRtc, remote, SessionInfo.NewId()) { Transport = role == WhipRole.Ingest ? "whip" : "whep" };
        WebRtcSession session = role == WhipRole.Ingest
            ? new IngestSession(key, info, transport, answer, hub, logger)
            : new EgressSession(key, info, transport, answer, hub, logger);
        _sessions[session.Id] = session;
        logger.LogInformation("WebRTC {Role} session {Session} for {Stream}: {Media}", info.Transport, info, key,
            string.Join(", ", answer.Media.Select(m => $"{m.Kind.ToString().ToLowerInvariant()} {m.Codec.ToString().ToLowerInvariant()}/{m.PayloadType}")));
        _ = session.RunAsync(options.CurrentValue.ConnectTimeout).ContinueWith(_ => _sessions.TryRemove(session.Id, out var _), TaskScheduler.Default);
        return Task.FromResult(SessionCreateResult.Created(answer.Text, session.Id));
    }

    public bool Close(string sessionId, string reason)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
            return false;
        session.Stop(reason);
        return true;
    }

    private SdpFingerprint LocalFingerprint() =>
        SdpFingerprint.TryParse(transports.Certificate.Fingerprint.ToString(), out var fingerprint)
            ? fingerprint
            : throw new InvalidOperationException("the DTLS certificate fingerprint does not parse");

    private CandidateChoice Candidates(bool clientAskedForTcp)
    {
        var transport = transportOptions.CurrentValue;
        var tls = MultiplexedPort.From(configuration);
        var iceTcpPort = transports.LocalTcpEndPoint?.Port ?? transport.TcpPort;
        var ports = new CandidatePorts(
            Udp: transports.LocalUdpEndPoint?.Port ?? transport.UdpPort,
            IceTcp: transport.EnableIceTcp && iceTcpPort > 0 ? iceTcpPort : null,
            // ICE-TCP on the multiplexed port is the same switch: IceTcpProtocol refuses it when EnableIceTcp is off.
            Multiplexed: transport.EnableIceTcp && tls.Enabled && tls.Port > 0 ? tls.Port : null);
        return AnswerCandidates.Choose(CandidateAddresses.Resolve(options.CurrentValue.CandidateAddresses), ports,
            options.CurrentValue.CandidatePolicy, clientAskedForTcp);
    }

    /// <summary>The profile-level-id of the H264 we will send: the live stream's own, when it is live.</summary>
    private static H264ProfileLevelId? SendProfile(Codecs.Media.TrackConfig? video) =>
        video is { Codec: Codecs.Media.CodecId.H264 } && Codecs.Bitstream.AvcDecoderConfigurationRecord.TryParse(video.Extradata, out var record)
            ? new H264ProfileLevelId((byte)record.Profile, (byte)record.ProfileCompatibility, (byte)record.Level)
            : null;
}
