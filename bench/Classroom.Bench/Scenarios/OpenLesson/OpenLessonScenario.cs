using Classroom.Bench.Infrastructure;
using Classroom.Bench.Media;
using Classroom.Bench.Reporting;
using Classroom.LinkEmulator;
using Classroom.Testing.Servers;
using Spectre.Console;

namespace Classroom.Bench.Scenarios.OpenLesson;

public sealed record OpenLessonSettings
{
    /// <summary>Branch buildings' screens receiving the open lesson.</summary>
    public int Displays { get; init; } = 20;

    /// <summary>Each branch's link, downlink and uplink.</summary>
    public int LinkBitsPerSecond { get; init; } = 512_000;

    public int VideoBitsPerSecond { get; init; } = 350_000;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(8);
    public IReadOnlyList<IForwardingTarget> Targets { get; init; } = [new ClassroomTarget(), new JanusTarget()];
    public string OutDirectory { get; init; } = Path.Combine(ServerProcess.RepositoryRoot(), "bench", "results");

    /// <summary>A branch building's line: the rate both ways, 40 ms, a little loss, a modem queue of 300 ms.</summary>
    public LinkProfile Link => LinkProfile.Symmetric("branch", new LinkDirection
    {
        RateBitsPerSecond = LinkBitsPerSecond,
        Delay = TimeSpan.FromMilliseconds(40),
        Jitter = TimeSpan.FromMilliseconds(5),
        Loss = GilbertElliott.Bernoulli(0.005),
        QueueLimitBytes = LinkDirection.QueueBytesFor(LinkBitsPerSecond, TimeSpan.FromMilliseconds(300)),
    }, $"{LinkBitsPerSecond / 1000} kbit/s, 40 ms, 0.5 % loss");
}

/// <summary>
/// An open lesson (issue 6, scenario 3): a methodologist's lesson streamed to the display screens of
/// branch buildings, each behind its own slow line. Per target (our relay, Janus, with the same
/// synthetic peers and links): audio and video delivered, one-way latency, the forwarder's CPU and
/// memory.
/// </summary>
public static class OpenLessonScenario
{
    public static async Task<ScenarioReport> RunAsync(OpenLessonSettings settings, CancellationToken cancellationToken)
    {
        var report = new ScenarioReport("open-lesson");
        report.Parameters["displays"] = settings.Displays;
        report.Parameters["linkKbps"] = settings.LinkBitsPerSecond / 1000;
        report.Parameters["videoKbps"] = settings.VideoBitsPerSecond / 1000;
        report.Parameters["seconds"] = settings.Duration.TotalSeconds;
        report.Parameters["targets"] = string.Join(",", settings.Targets.Select(t => t.Name));
        var table = report.Table("per target", "target", "displays", "audio delivered %", "audio on time %", "audio p50 ms", "audio p99 ms",
            "video delivered %", "video p50 ms", "video p99 ms", "server cores", "CPU µs/pkt", "RSS MB");
        var results = new Dictionary<string, (double CpuPerPacket, double P50, double Rss)>();
        foreach (var target in settings.Targets)
        {
            var deadline = settings.Link.Downlink.Delay + TimeSpan.FromMilliseconds(200);
            var stats = Enumerable.Range(0, settings.Displays).Select(_ => new StreamStats(deadline)).ToArray();
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(target.Name)}[/]: 1 teacher, {settings.Displays} displays at {settings.LinkBitsPerSecond / 1000} kbit/s");
            // Every packet decrypted: on-time delivery is counted per packet, and a few displays' media is light.
            await using var path = await target.ConnectAsync(new ForwardingRequest(settings.Displays, Audio: true, Displays: true, Link: settings.Link),
                new StreamStatsSink(stats), cancellationToken);
            var audioProfile = MediaStreamProfile.Audio with { PayloadType = path.AudioPayloadType };
            var videoProfile = MediaStreamProfile.Video(settings.VideoBitsPerSecond) with { PayloadType = path.VideoPayloadType };
            // Warm-up, not measured: a .NET server compiles its hot paths again (tiered JIT) in the
            // first seconds, which would be charged to forwarding otherwise.
            var warmAudio = new SyntheticTrack(11, path.AudioSsrc, audioProfile, path.Send);
            var warmVideo = new SyntheticTrack(12, path.VideoSsrc, videoProfile, path.Send);
            var warm = new Pacer();
            warm.Add(warmAudio);
            warm.Add(warmVideo);
            await warm.RunAsync(settings.WarmUp, cancellationToken);
            var pacer = new Pacer();
            var audio = new SyntheticTrack(1, path.AudioSsrc, audioProfile, path.Send, warmAudio.NextPacket);
            var video = new SyntheticTrack(2, path.VideoSsrc, videoProfile, path.Send, warmVideo.NextPacket);
            pacer.Add(audio);
            pacer.Add(video);
            await using var meter = ProcessMeter.Start(path.ProcessId);
            await pacer.RunAsync(settings.Duration, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            var cpu = meter.CpuSeconds();
            var cores = cpu / meter.Elapsed.TotalSeconds;
            var delivered = stats.Sum(s => s.Received(audio.StreamId) + s.Received(video.StreamId));
            var audioLatency = LatencyRecorder.Summarize(stats.Select(s => s.LatencyOf(audio.StreamId)));
            var videoLatency = LatencyRecorder.Summarize(stats.Select(s => s.LatencyOf(video.StreamId)));
            var cpuPerPacket = delivered == 0 ? double.NaN : cpu * 1e6 / delivered;
            table.Rows.Add([target.Name, settings.Displays,
                100.0 * stats.Sum(s => s.Received(audio.StreamId)) / Math.Max(1, audio.Sent * settings.Displays),
                100.0 * stats.Sum(s => s.OnTimeOf(audio.StreamId)) / Math.Max(1, audio.Sent * settings.Displays),
                audioLatency.P50, audioLatency.P99,
                100.0 * stats.Sum(s => s.Received(video.StreamId)) / Math.Max(1, video.Sent * settings.Displays),
                videoLatency.P50, videoLatency.P99, cores, cpuPerPacket, meter.PeakRss / 1048576.0]);
            results[target.Name] = (cpuPerPacket, audioLatency.P50, meter.PeakRss / 1048576.0);
        }
        if (results.TryGetValue("classroom", out var ours) && results.TryGetValue("janus", out var janus))
        {
            report.Summary["classroom / janus: CPU per forwarded packet"] = ours.CpuPerPacket / janus.CpuPerPacket;
            report.Summary["classroom − janus: audio p50 latency ms"] = ours.P50 - janus.P50;
            report.Summary["classroom / janus: peak RSS"] = ours.Rss / janus.Rss;
        }
        report.Notes.Add("Each display's media crosses its own emulated branch line (UDP proxy); the teacher publishes from the school's LAN. On time: within the line's delay + 200 ms.");
        Directory.CreateDirectory(settings.OutDirectory);
        var rows = table.Rows;
        report.Charts.Add(Charts.Bars(Path.Combine(settings.OutDirectory, "open-lesson.png"), "Open lesson: latency to branch displays", "ms",
            rows.Select(r => (string)r[0]!).ToList(),
            [("audio p50", rows.Select(r => (double)r[4]!).ToArray()), ("audio p99", rows.Select(r => (double)r[5]!).ToArray()),
             ("video p99", rows.Select(r => (double)r[8]!).ToArray())]));
        return report;
    }
}
