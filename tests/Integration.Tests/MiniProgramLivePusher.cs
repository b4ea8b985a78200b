using System.Buffers;
using System.Diagnostics;
using InteropGateway.Adapters.Rtmp.Client;
using InteropGateway.Adapters.Rtmp.Flv;
using InteropGateway.Adapters.Rtmp.Protocol;

namespace InteropGateway.Tests.Integration;

/// <summary>How a WeChat live-pusher differs from ffmpeg or OBS.</summary>
public sealed record LivePusherHabits
{
    /// <summary>Video is sent this much later (wall clock) than its timestamp says, so audio arrives first.</summary>
    public TimeSpan VideoLag { get; init; }
    /// <summary>From this source time on, timestamps start again at 0 (a network or camera switch, same connection).</summary>
    public TimeSpan? ResetTimestampsAt { get; init; }
    /// <summary>From this source time on, nothing is sent and the connection is left open (the phone changed networks).</summary>
    public TimeSpan? GoSilentAt { get; init; }
}

/// <summary>
/// Plays the part of a mini-program live-pusher with the gateway's own RTMP client: sends a clip's
/// FLV tags in real time, without onMetaData, with the habits asked for.
/// </summary>
public static class MiniProgramLivePusher
{
    private sealed record Tag(byte Type, uint Timestamp, byte[] Body, TimeSpan SendAt);

    /// <summary>Connects and publishes (signed URL); the caller pushes with <see cref="PushAsync"/> and disposes.</summary>
    public static async Task<RtmpClientConnection> ConnectAsync(string url, CancellationToken stop)
    {
        var client = await RtmpClientConnection.ConnectAsync(RtmpUrl.Parse(url), new RtmpClientOptions(), stop);
        await client.PublishAsync(stop);
        return client;
    }

    /// <summary>Sends the clip as the habits say; returns when it is all sent, or at <see cref="LivePusherHabits.GoSilentAt"/>.</summary>
    public static async Task PushAsync(RtmpClientConnection client, string clip, LivePusherHabits habits, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        foreach (var tag in Schedule(await File.ReadAllBytesAsync(clip, stop), habits))
        {
            if (habits.GoSilentAt is { } silent && tag.SendAt >= silent)
                return;
            var wait = tag.SendAt - clock.Elapsed;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, stop);
            await client.SendMediaAsync(tag.Type, tag.Timestamp, tag.Body, stop);
        }
    }

    private static List<Tag> Schedule(byte[] file, LivePusherHabits habits)
    {
        var tags = new List<Tag>();
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(file));
        FlvFileReader.TryReadFileHeader(ref reader, out _, out _);
        while (FlvFileReader.TryReadTag(ref reader, out var tag))
        {
            if (tag.TagType is not (RtmpMessageType.Audio or RtmpMessageType.Video))
                continue; // live-pushers send no onMetaData
            var sourceTime = TimeSpan.FromMilliseconds(tag.TimestampMs);
            var timestamp = habits.ResetTimestampsAt is { } reset && sourceTime >= reset
                ? tag.TimestampMs - (uint)reset.TotalMilliseconds
                : tag.TimestampMs;
            var sendAt = tag.TagType == RtmpMessageType.Video ? sourceTime + habits.VideoLag : sourceTime;
            tags.Add(new Tag(tag.TagType, timestamp, tag.Data.ToArray(), sendAt));
        }
        return tags.OrderBy(t => t.SendAt).ToList(); // stable: same-time tags keep file order
    }
}
