using InteropGateway.Adapters.Ts;
using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Containers.MpegTs;
using InteropGateway.Codecs.Media;
using InteropGateway.Core.Relay;
using Xunit.Abstractions;

namespace InteropGateway.Tests.Udp.Ts;

/// <summary>
/// ffmpeg-made MPEG-TS pushed through <see cref="TsPublisher"/> into a real stream: the frames a
/// player gets match what ffprobe sees in the file, codec by codec.
/// </summary>
public sealed class TsPublisherTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(TsClips.All), MemberType = typeof(TsClips))]
    public async Task Publishes_every_packet_ffprobe_sees_with_keyframes_and_monotonic_timestamps(string name)
    {
        var clip = await TsClips.ByNameAsync(name);
        var (frames, summary, _) = PublishFile(clip.Path, chunk: 1000); // odd size: TS packets cut across pushes
        try
        {
            var video = frames.Where(f => f.Kind == MediaKind.Video).ToList();
            var audio = frames.Where(f => f.Kind == MediaKind.Audio).ToList();
            output.WriteLine($"{name}: {summary}; ffprobe: {clip.VideoPackets} video ({clip.VideoKeyframes} K), {clip.AudioPackets} audio");

            Assert.Equal(clip.VideoCodec, FfprobeName(video[0].Codec));
            Assert.Equal(clip.AudioCodec, FfprobeName(audio[0].Codec));
            Assert.Equal(clip.VideoPackets, video.Count);
            Assert.Equal(clip.VideoKeyframes, video.Count(f => f.IsKeyframe));
            Assert.Equal(clip.AudioPackets, audio.Count);
            Assert.True(video[0].IsKeyframe, "a player's first picture must be a keyframe");
            Assert.Contains(" 0 skipped, 0 continuity errors", summary);
            AssertMonotonic(video);
            AssertMonotonic(audio);
            var span = Timebase.ToSeconds(video[^1].Dts - video[0].Dts);
            Assert.InRange(span, TsClips.Seconds - 0.2, TsClips.Seconds);
        }
        finally
        {
            frames.ForEach(f => f.Release());
        }
    }

    [Fact]
    public async Task H264_frames_are_length_prefixed_without_parameter_sets_which_sit_in_an_avcC()
    {
        var clip = await TsClips.H264AacAsync();
        var (frames, _, _) = PublishFile(clip.Path, chunk: 1316);
        try
        {
            var video = frames.Where(f => f.Codec == CodecId.H264).ToList();
            Assert.True(AvcDecoderConfigurationRecord.TryParse(video[0].Track.Extradata, out var avcC));
            Assert.Equal(4, avcC.NalLengthSize);
            Assert.Equal((320, 240), (video[0].Track.Width, video[0].Track.Height));
            foreach (var frame in video)
            {
                var nals = new AvccNalEnumerator(frame.Payload.Span);
                var count = 0;
                while (nals.MoveNext())
                {
                    count++;
                    Assert.False(H264NalUnit.IsParameterSetOrDelimiter(H264NalUnit.TypeOf(nals.Current)), "SPS/PPS/AUD belong out of band");
                }
                Assert.False(nals.IsMalformed);
                Assert.True(count > 0);
                Assert.Equal(frame.IsKeyframe, H264ParameterSets.ContainsIdr(frame.Payload.Span));
            }
            var audio = frames.First(f => f.Codec == CodecId.Aac);
            Assert.True(AudioSpecificConfig.TryParse(audio.Track.Extradata.Span, out var asc));
            Assert.Equal((2, 48_000, 1), (asc.ObjectType, asc.SampleRate, asc.ChannelConfiguration));
            Assert.NotEqual(0xFF, audio.Payload.Span[0]); // raw, no ADTS header left
        }
        finally
        {
            frames.ForEach(f => f.Release());
        }
    }

    [Fact]
    public async Task H265_config_is_an_hvcC_that_the_ts_muxer_reads_back()
    {
        var clip = await TsClips.H265Mp2Async();
        var (frames, _, _) = PublishFile(clip.Path, chunk: 1316);
        try
        {
            var track = frames.First(f => f.Codec == CodecId.H265).Track;
            Assert.True(HevcDecoderConfigurationRecord.TryParse(track.Extradata, out var hvcC));
            Assert.Equal(3, hvcC.ParameterSets.Count); // VPS, SPS, PPS
            Assert.Equal(4, hvcC.NalLengthSize);
            Assert.Equal((320, 240), (track.Width, track.Height));
        }
        finally
        {
            frames.ForEach(f => f.Release());
        }
    }

    [Fact]
    public async Task Joining_mid_stream_skips_and_counts_pictures_until_the_next_keyframe()
    {
        var clip = await TsClips.H264AacAsync();
        var bytes = await File.ReadAllBytesAsync(clip.Path);
        var offset = bytes.Length / 3 / 188 * 188 + 50; // mid-GOP, mid-packet
        var (frames, summary, publisher) = PublishBytes(bytes.AsSpan(offset), chunk: 1316);
        try
        {
            output.WriteLine(summary);
            var video = frames.Where(f => f.Kind == MediaKind.Video).ToList();
            Assert.True(video[0].IsKeyframe);
            Assert.True(publisher.Skipped > 0, summary);
            Assert.True(video.Count < clip.VideoPackets);
        }
        finally
        {
            frames.ForEach(f => f.Release());
        }
    }

    [Fact]
    public async Task A_lost_video_packet_drops_its_picture_and_the_pictures_up_to_the_next_keyframe_but_no_audio()
    {
        // Keyframes every 25 pictures. One TS packet from the middle of picture k (decode order) goes
        // missing, as when SRT gives up on a packet: pictures k+1..49 may refer to k, so they must not
        // reach players (they would decode broken); picture 50, a keyframe, starts video again.
        var clip = await TsClips.H264AacAsync();
        var bytes = await File.ReadAllBytesAsync(clip.Path);
        var (k, lostPacket) = MidPesPacketOfVideoPicture(bytes, from: 30);
        Assert.InRange(k, 30, 48);
        var damaged = bytes[..(lostPacket * 188)].Concat(bytes[((lostPacket + 1) * 188)..]).ToArray();

        var (frames, summary, publisher) = PublishBytes(damaged, chunk: 1316);
        try
        {
            output.WriteLine($"lost a packet of picture {k}: {summary}");
            var video = frames.Where(f => f.Kind == MediaKind.Video).ToList();
            Assert.Contains(" 1 continuity errors, 1 PES dropped", summary);
            Assert.Equal(49 - k, publisher.Skipped);
            Assert.Equal(clip.VideoPackets - (50 - k), video.Count);
            Assert.True(video[k].IsKeyframe, $"the first picture after the loss is {video[k]}");
            Assert.Equal(clip.AudioPackets, frames.Count(f => f.Kind == MediaKind.Audio));
        }
        finally
        {
            frames.ForEach(f => f.Release());
        }
    }

    /// <summary>
    /// The first picture from <paramref name="from"/> on (decode order) whose PES spans several TS
    /// packets on ffmpeg's video PID (0x100), and the index of its second packet in the file.
    /// </summary>
    private static (int Picture, int Packet) MidPesPacketOfVideoPicture(byte[] ts, int from)
    {
        const int videoPid = 0x100;
        var picture = -1;
        var previousWasStart = false;
        for (var i = 0; i * 188 < ts.Length; i++)
        {
            var packet = ts.AsSpan(i * 188, 188);
            if ((((packet[1] & 0x1F) << 8) | packet[2]) != videoPid)
                continue;
            var start = (packet[1] & 0x40) != 0;
            if (start)
                picture++;
            else if (previousWasStart && picture >= from)
                return (picture, i);
            previousWasStart = start;
        }
        throw new InvalidOperationException($"no multi-packet picture from {from} on");
    }

    [Fact]
    public async Task An_unsupported_stream_type_is_logged_once_and_the_others_still_publish()
    {
        var path = Path.Combine(Path.GetTempPath(), $"udp-tests-ac3-{Environment.ProcessId}.ts");
        var make = await Tool.FfmpegAsync($"-v error -y -f lavfi -i testsrc=size=160x120:rate=25 -f lavfi -i sine=sample_rate=48000 -t 2 " +
            $"-c:v libx264 -preset ultrafast -g 25 -c:a ac3 -f mpegts {path}");
        Assert.True(make.ExitCode == 0, make.ToString());
        var logger = new ListLogger();
        var (frames, summary, _) = PublishBytes(await File.ReadAllBytesAsync(path), chunk: 1316, logger);
        try
        {
            output.WriteLine(summary);
            Assert.Equal(50, frames.Count(f => f.Codec == CodecId.H264));
            Assert.DoesNotContain(frames, f => f.Kind == MediaKind.Audio);
            Assert.Single(logger.Lines, line => line.Contains("not one the gateway carries"));
            Assert.Matches(@"[1-9]\d* PES of unsupported streams ignored", summary);
        }
        finally
        {
            frames.ForEach(f => f.Release());
        }
    }

    [Fact]
    public void Garbage_is_counted_not_fatal()
    {
        var hub = TestHub.Create();
        using var publication = TestHub.Publish(hub, new StreamKey("live", "garbage"));
        using var publisher = new TsPublisher(publication, new ListLogger());
        var noise = new byte[64 * 1024];
        new Random(7).NextBytes(noise);
        publisher.Push(noise);
        Assert.Equal(0, publisher.VideoFrames + publisher.AudioFrames);
    }

    [Fact]
    public async Task A_pes_over_the_size_cap_is_dropped_and_counted_before_it_can_grow_a_buffer()
    {
        var clip = await TsClips.H264AacAsync();
        var hub = TestHub.Create();
        using var publication = TestHub.Publish(hub, new StreamKey("live", "capped"));
        using var publisher = new TsPublisher(publication, new ListLogger(), maxPesBytes: 2 * 1024);
        publisher.Push(await File.ReadAllBytesAsync(clip.Path));
        output.WriteLine(publisher.Summary);
        Assert.Matches(@" [1-9]\d* PES dropped", publisher.Summary); // keyframes and ffmpeg's multi-frame AAC PES exceed it
        Assert.Equal(0, publisher.VideoFrames); // without its keyframes no picture can be decoded, so none is published
        Assert.True(publisher.Skipped > 50, publisher.Summary);
    }

    private static void AssertMonotonic(List<MediaFrame> frames)
    {
        for (var i = 1; i < frames.Count; i++)
            Assert.True(frames[i].Dts > frames[i - 1].Dts, $"DTS not increasing at {i}: {frames[i - 1]} then {frames[i]}");
        Assert.All(frames, f => Assert.True(f.Pts >= f.Dts, $"PTS before DTS: {f}"));
    }

    private static string FfprobeName(CodecId codec) => codec switch
    {
        CodecId.H265 => "hevc",
        CodecId.Mpeg1Video => "mpeg1video",
        _ => codec.Name(),
    };

    private static (List<MediaFrame> Frames, string Summary, TsPublisher Publisher) PublishFile(string path, int chunk) =>
        PublishBytes(File.ReadAllBytes(path), chunk);

    /// <summary>Pushes <paramref name="ts"/> in pieces of <paramref name="chunk"/> bytes to a new stream; returns what a player queued.</summary>
    private static (List<MediaFrame> Frames, string Summary, TsPublisher Publisher) PublishBytes(ReadOnlySpan<byte> ts, int chunk, ListLogger? logger = null)
    {
        var hub = TestHub.Create();
        var key = new StreamKey("live", "ts" + Guid.NewGuid().ToString("N")[..8]);
        using var player = hub.Subscribe(key, TestHub.Session());
        var publication = TestHub.Publish(hub, key);
        var publisher = new TsPublisher(publication, logger ?? new ListLogger());
        for (var offset = 0; offset < ts.Length; offset += chunk)
            publisher.Push(ts.Slice(offset, Math.Min(chunk, ts.Length - offset)));
        publisher.Dispose();
        publication.End("file done");
        var frames = new List<MediaFrame>();
        while (player.TryRead(out var frame))
            frames.Add(frame);
        return (frames, publisher.Summary, publisher);
    }
}
