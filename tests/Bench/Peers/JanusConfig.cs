namespace InteropGateway.Bench.Peers;

/// <summary>
/// The three config files Janus is started with (in a temp dir, never /etc/janus): core, HTTP
/// transport, streaming plugin with one RTP mountpoint. Only the streaming plugin and the HTTP
/// transport load. ICE-lite like our gateway (one UDP port there, a small port range here), candidates
/// on one interface only (see Whep/IsolatedNetwork: a 127/8 address in the bench's own network namespace).
/// </summary>
internal sealed record JanusConfig(string Dir, int HttpPort, int RtpRangeStart, int RtpRangeEnd, int VideoPort, int AudioPort, string IceInterface)
{
    public const int MountpointId = 1;
    public const int VideoPayloadType = 96;
    public const int AudioPayloadType = 111;
    private const string LibDir = "/usr/lib/x86_64-linux-gnu/janus";

    private static readonly string[] OtherPlugins =
        ["audiobridge", "duktape", "echotest", "lua", "nosip", "recordplay", "sip", "textroom", "videocall", "videoroom", "voicemail"];
    private static readonly string[] OtherTransports = ["websockets", "mqtt", "nanomsg", "pfunix", "rabbitmq"];

    public string Core => $$"""
        general: {
            configs_folder = "{{Dir}}"
            plugins_folder = "{{LibDir}}/plugins"
            transports_folder = "{{LibDir}}/transports"
            events_folder = "{{LibDir}}/events"
            loggers_folder = "{{LibDir}}/loggers"
            debug_level = 3
            session_timeout = 60
            server_name = "bench"
        }
        certificates: {
        }
        media: {
            ipv6 = false
            rtp_port_range = "{{RtpRangeStart}}-{{RtpRangeEnd}}"
        }
        nat: {
            nice_debug = false
            ice_lite = true
            ice_tcp = false
            ice_enforce_list = "{{IceInterface}}"
        }
        plugins: {
            disable = "{{string.Join(',', OtherPlugins.Select(p => $"libjanus_{p}.so"))}}"
        }
        transports: {
            disable = "{{string.Join(',', OtherTransports.Select(t => $"libjanus_{t}.so"))}}"
        }
        loggers: {
            disable = "libjanus_jsonlog.so"
        }
        events: {
            broadcast = false
        }
        """;

    public string HttpTransport => $$"""
        general: {
            json = "compact"
            base_path = "/janus"
            http = true
            port = {{HttpPort}}
            ip = "127.0.0.1"
            https = false
        }
        admin: {
            admin_http = false
            admin_https = false
        }
        cors: {
        }
        """;

    // bufferkf: a new viewer starts with the last keyframe, as our GOP cache does.
    public string Streaming => $$"""
        general: {
        }
        bench: {
            type = "rtp"
            id = {{MountpointId}}
            description = "bench"
            media = (
                {
                    type = "video"
                    mid = "v"
                    port = {{VideoPort}}
                    pt = {{VideoPayloadType}}
                    codec = "h264"
                    fmtp = "profile-level-id=42e01f;packetization-mode=1"
                    bufferkf = true
                },
                {
                    type = "audio"
                    mid = "a"
                    port = {{AudioPort}}
                    pt = {{AudioPayloadType}}
                    codec = "opus"
                }
            )
        }
        """;

    public async Task WriteAsync()
    {
        Directory.CreateDirectory(Dir);
        await File.WriteAllTextAsync(Path.Combine(Dir, "janus.jcfg"), Core);
        await File.WriteAllTextAsync(Path.Combine(Dir, "janus.transport.http.jcfg"), HttpTransport);
        await File.WriteAllTextAsync(Path.Combine(Dir, "janus.plugin.streaming.jcfg"), Streaming);
    }

    public string Describe() =>
        $"janus.jcfg:\n{Core}\n\njanus.transport.http.jcfg:\n{HttpTransport}\n\njanus.plugin.streaming.jcfg:\n{Streaming}";
}
