using System.Diagnostics;
using Classroom.Bench.Infrastructure;
using Classroom.Bench.Media;
using Classroom.Bench.Reporting;
using Classroom.Testing.Servers;
using Spectre.Console;

namespace Classroom.Bench.Scenarios.Forwarding;

public sealed record ForwardingSettings
{
    public int Subscribers { get; init; } = 20;

    /// <summary>Publisher packet rates per step; each is forwarded to every subscriber.</summary>
    public IReadOnlyList<int> Rates { get; init; } = [500, 1000, 2000, 4000, 6000, 8000, 10000, 12000, 15000];

    public TimeSpan Step { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(8);
    public int PacketBytes { get; init; } = 1000;
    public double MaxLatencyMs { get; init; } = 10;

    /// <summary>
    /// Each subscriber authenticates and decrypts one packet in this many (for latency) and counts the
    /// rest from their clear RTP headers (for loss): with 20 subscribers at 10,000 packets/s, decrypting
    /// every packet would take the bench's clients about a core of their own. 1 decrypts every packet.
    /// </summary>
    public int DecryptOneIn { get; init; } = 50;
    public IReadOnlyList<IForwardingTarget> Targets { get; init; } = [new ClassroomTarget(), new BareTarget()];
    public string OutDirectory { get; init; } = Path.Combine(ServerProcess.RepositoryRoot(), "bench", "results");

    /// <summary>Where the process under test and the bench ran (taskset lists), for the report; null: unpinned.</summary>
    public string? ServerCores { get; init; }
    public string? ClientCores { get; init; }
}

/// <summary>One step against one target: what was forwarded, how late, at what CPU.</summary>
/// <param name="Delivered">Distinct packets the subscribers counted from their clear headers during the step.</param>
/// <param name="SequenceGaps">Sequence numbers the subscribers never received between ones they did (loss without decrypting).</param>
/// <param name="Latency">One-way latency of the sampled (decrypted) packets.</param>
public sealed record ForwardingStep(
    string Target, int PublisherRate, long Sent, long Expected, long Delivered, double ForwardedPerSecond, double LossPercent,
    LatencySummary Latency, double ServerCores, double CpuMicrosecondsPerPacket, double RssMegabytes, double BenchCores,
    long SequenceGaps = 0, long Duplicates = 0, double BenchCpuMicrosecondsPerPacket = double.NaN, double LoopBytesPerPacket = double.NaN)
{
    public bool Passed(double maxLatencyMs) => LossPercent == 0 && SequenceGaps == 0 && Latency.P99 < maxLatencyMs;
}

/// <summary>
/// The relay's capacity (issue 6, scenario 4): one publisher, N subscribers, the publisher's rate
/// raised step by step; per step the forwarded packets per second, loss, one-way latency and the
/// forwarding process's CPU. Each target (our relay, the bare UDP forwarder, Janus) runs the same
/// steps with the same clients; a target stops at its first step with loss or p99 over the limit.
/// </summary>
public static class ForwardingScenario
{
    public static async Task<ScenarioReport> RunAsync(ForwardingSettings settings, CancellationToken cancellationToken)
    {
        var report = new ScenarioReport("forwarding");
        report.Parameters["subscribers"] = settings.Subscribers;
        report.Parameters["packetBytes"] = settings.PacketBytes;
        report.Parameters["stepSeconds"] = settings.Step.TotalSeconds;
        report.Parameters["maxLatencyMs"] = settings.MaxLatencyMs;
        report.Parameters["decryptOneIn"] = settings.DecryptOneIn;
        report.Parameters["targets"] = string.Join(",", settings.Targets.Select(t => t.Name));
        report.Parameters["serverCores"] = settings.ServerCores ?? "any";
        report.Parameters["clientCores"] = settings.ClientCores ?? "any";
        var steps = new List<ForwardingStep>();
        foreach (var target in settings.Targets)
            steps.AddRange(await RunTargetAsync(target, settings, cancellationToken));
        Summarize(report, steps, settings);
        return report;
    }

    private static async Task<List<ForwardingStep>> RunTargetAsync(IForwardingTarget target, ForwardingSettings settings, CancellationToken cancellationToken)
    {
        // One tally per subscriber for the whole run: sequence numbers continue from step to step.
        var tallies = Enumerable.Range(0, settings.Subscribers).Select(_ => new ReceiverTally()).ToArray();
        var steps = new List<ForwardingStep>();
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(target.Name)}[/]: connecting 1 publisher and {settings.Subscribers} subscribers");
        var request = new ForwardingRequest(settings.Subscribers, DecryptOneIn: settings.DecryptOneIn);
        await using var path = await target.ConnectAsync(request, new Tallies(tallies), cancellationToken);
        var profile = new MediaStreamProfile("video", path.VideoPayloadType, 90000, settings.PacketBytes, 100);
        var streamId = 0;
        // Warm-up: lets every subscriber's path settle (DTLS done, first packets through) and a .NET
        // forwarder finish compiling its hot path again (tiered JIT), which is not forwarding cost.
        var previous = await SendAsync(path, profile with { PacketsPerSecond = settings.Rates[0] }, streamId++, 0, settings.WarmUp, cancellationToken);
        // Packets still in flight when the warm-up stopped belong to it.
        await Task.Delay(300, cancellationToken);
        foreach (var rate in settings.Rates)
        {
            var before = tallies.Select(t => t.Counts()).ToArray();
            var allocatedBefore = await path.LoopAllocatedBytesAsync(cancellationToken);
            var bench = ProcessMeter.Start(Environment.ProcessId);
            await using var server = ProcessMeter.Start(path.ProcessId);
            var track = await SendAsync(path, profile with { PacketsPerSecond = rate }, streamId++, previous.NextPacket, settings.Step, cancellationToken);
            previous = track;
            // Packets still in flight when sending stopped.
            await Task.Delay(300, cancellationToken);
            var cpu = server.CpuSeconds();
            var seconds = server.Elapsed.TotalSeconds;
            var allocatedAfter = await path.LoopAllocatedBytesAsync(cancellationToken);
            var counted = tallies.Select((t, i) => t.Counts() - before[i]).ToArray();
            var delivered = counted.Sum(c => c.Received);
            var expected = track.Sent * settings.Subscribers;
            var step = new ForwardingStep(
                target.Name, rate, track.Sent, expected, delivered, delivered / settings.Step.TotalSeconds,
                expected == 0 ? 100 : Math.Max(0, 100.0 * (expected - delivered) / expected),
                LatencyRecorder.Summarize(tallies.Select(t => t.LatencyOf(track.StreamId))),
                cpu / seconds, delivered == 0 ? double.NaN : cpu * 1e6 / delivered, server.PeakRss / 1048576.0, bench.Cores(),
                counted.Sum(c => Math.Max(0, c.Lost)), counted.Sum(c => c.Duplicates),
                // What the bench's own process (publisher and every receiver) spent per delivered packet.
                delivered == 0 ? double.NaN : bench.CpuSeconds() * 1e6 / delivered,
                // Bytes the relay's receive loops allocated during the step, per packet they forwarded.
                allocatedBefore is { } a0 && allocatedAfter is { } a1 && delivered > 0 ? (a1 - a0) / (double)delivered : double.NaN);
            await bench.DisposeAsync();
            steps.Add(step);
            AnsiConsole.MarkupLine(Markup.Escape(
                $"  {rate,6} pkt/s → {step.ForwardedPerSecond,9:N0} forwarded/s, loss {step.LossPercent:0.###} % ({step.SequenceGaps} gaps), p50 {step.Latency.P50:0.##} ms, p99 {step.Latency.P99:0.##} ms ({step.Latency.Count} samples), server {step.ServerCores:0.##} cores, {step.CpuMicrosecondsPerPacket:0.##} µs/pkt, bench {step.BenchCores:0.##} cores, {step.BenchCpuMicrosecondsPerPacket:0.##} µs/pkt, loops allocated {step.LoopBytesPerPacket:0.###} B/pkt"));
            if (!step.Passed(settings.MaxLatencyMs)) break;
        }
        return steps;
    }

    /// <summary>Hands each subscriber's packets to its tally.</summary>
    private sealed class Tallies(ReceiverTally[] tallies) : IReceiverSink
    {
        public void Arrived(int subscriber, ReadOnlySpan<byte> packet) => tallies[subscriber].Arrived(packet);
        public void Decrypted(int subscriber, ReadOnlySpan<byte> packet) => tallies[subscriber].Sampled(packet);
    }

    private static async Task<SyntheticTrack> SendAsync(
        IForwardingPath path, MediaStreamProfile profile, int streamId, uint firstPacket, TimeSpan duration, CancellationToken cancellationToken)
    {
        var track = new SyntheticTrack(streamId, path.VideoSsrc, profile, path.Send, firstPacket);
        var pacer = new Pacer();
        pacer.Add(track);
        await pacer.RunAsync(duration, cancellationToken);
        return track;
    }

    private static void Summarize(ScenarioReport report, List<ForwardingStep> steps, ForwardingSettings settings)
    {
        var table = report.Table("steps", "target", "publisher pkt/s", "forwarded pkt/s", "loss %", "p50 ms", "p99 ms", "max ms",
            "server cores", "CPU µs/pkt", "RSS MB", "bench cores", "passed", "sequence gaps", "duplicates", "latency samples", "bench CPU µs/pkt", "loop bytes/pkt");
        foreach (var s in steps)
            table.Rows.Add([s.Target, s.PublisherRate, s.ForwardedPerSecond, s.LossPercent, s.Latency.P50, s.Latency.P99, s.Latency.Max,
                s.ServerCores, s.CpuMicrosecondsPerPacket, s.RssMegabytes, s.BenchCores, s.Passed(settings.MaxLatencyMs) ? "yes" : "no",
                s.SequenceGaps, s.Duplicates, s.Latency.Count, s.BenchCpuMicrosecondsPerPacket, s.LoopBytesPerPacket]);

        var best = new Dictionary<string, ForwardingStep?>();
        foreach (var group in steps.GroupBy(s => s.Target))
        {
            var passing = group.Where(s => s.Passed(settings.MaxLatencyMs)).ToList();
            var top = passing.MaxBy(s => s.ForwardedPerSecond);
            best[group.Key] = top;
            report.Summary[$"{group.Key}: most forwarded pkt/s with no loss and p99 < {settings.MaxLatencyMs} ms"] = top?.ForwardedPerSecond;
            report.Summary[$"{group.Key}: forwarded pkt/s per core at that step"] = top is null ? null : top.ForwardedPerSecond / Math.Max(0.01, top.ServerCores);
            report.Summary[$"{group.Key}: median CPU µs per forwarded packet (passing steps)"] = Median(passing.Select(s => s.CpuMicrosecondsPerPacket));
            report.Summary[$"{group.Key}: peak RSS MB"] = group.Max(s => s.RssMegabytes);
            report.Summary[$"{group.Key}: median p50 latency ms (passing steps)"] = Median(passing.Select(s => s.Latency.P50));
            report.Summary[$"{group.Key}: reached the last step"] = group.Count() == settings.Rates.Count && passing.Count == settings.Rates.Count;
        }
        if (best.TryGetValue("classroom", out var ours) && ours is not null)
        {
            var perCore = ours.ForwardedPerSecond / Math.Max(0.01, ours.ServerCores);
            report.Goal("forwarded packets/s per core (relay)", perCore, "≥ 200,000", perCore >= 200_000);
            var ourMedian = Median(steps.Where(s => s.Target == "classroom" && s.Passed(settings.MaxLatencyMs)).Select(s => s.CpuMicrosecondsPerPacket));
            report.Goal("CPU µs per forwarded packet (relay, median of passing steps)", ourMedian, "≤ 5", ourMedian <= 5);
            var loopBytes = steps.Where(s => s.Target == "classroom").Select(s => s.LoopBytesPerPacket).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max();
            report.Goal("bytes allocated per forwarded packet on the receive loops (worst step)", loopBytes, "0", loopBytes == 0);
            if (best.TryGetValue("bare-udp", out var bare) && bare is not null)
                report.Summary["classroom / bare-udp: most forwarded pkt/s"] = ours.ForwardedPerSecond / bare.ForwardedPerSecond;
            if (best.TryGetValue("bare-udp-batched", out var batched) && batched is not null)
            {
                var ratio = ours.ForwardedPerSecond / batched.ForwardedPerSecond;
                report.Goal("most forwarded pkt/s, ratio to the batched bare forwarder", ratio, "≥ 0.8", ratio >= 0.8);
            }
            if (best.TryGetValue("janus", out var janus) && janus is not null)
            {
                var ourCpu = Median(steps.Where(s => s.Target == "classroom" && s.Passed(settings.MaxLatencyMs)).Select(s => s.CpuMicrosecondsPerPacket));
                var theirCpu = Median(steps.Where(s => s.Target == "janus" && s.Passed(settings.MaxLatencyMs)).Select(s => s.CpuMicrosecondsPerPacket));
                report.Summary["classroom / janus: CPU per forwarded packet"] = ourCpu / theirCpu;
                report.Summary["classroom / janus: most forwarded pkt/s"] = ours.ForwardedPerSecond / janus.ForwardedPerSecond;
                report.Goal("CPU per forwarded packet, ratio to Janus", ourCpu / theirCpu, "≤ 0.2", ourCpu / theirCpu <= 0.2);
            }
        }
        report.Notes.Add("Latency is one-way, send to decrypted receipt in the same process, on loopback; the synthetic clients share the machine's cores with the forwarder.");
        report.Notes.Add($"Receivers count every packet from its clear RTP header (loss: the publisher's packets not counted, and sequence gaps) and decrypt one in {settings.DecryptOneIn} for latency; the bare forwarder's receivers read the same share of plain payloads.");
        var targets = steps.Select(s => s.Target).Distinct().ToList();
        Directory.CreateDirectory(settings.OutDirectory);
        report.Charts.Add(Charts.Lines(Path.Combine(settings.OutDirectory, "forwarding-latency.png"), "One-way p99 latency against forwarded packets/s",
            "forwarded packets/s", "p99 latency, ms",
            targets.Select(t => (t, steps.Where(s => s.Target == t).Select(s => s.ForwardedPerSecond).ToArray(), steps.Where(s => s.Target == t).Select(s => s.Latency.P99).ToArray())).ToList()));
        report.Charts.Add(Charts.Lines(Path.Combine(settings.OutDirectory, "forwarding-cpu.png"), "CPU per forwarded packet",
            "forwarded packets/s", "CPU µs per forwarded packet",
            targets.Select(t => (t, steps.Where(s => s.Target == t).Select(s => s.ForwardedPerSecond).ToArray(), steps.Where(s => s.Target == t).Select(s => s.CpuMicrosecondsPerPacket).ToArray())).ToList()));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }
}
