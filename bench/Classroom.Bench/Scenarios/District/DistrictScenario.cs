using System.Globalization;
using Classroom.Bench.Infrastructure;
using Classroom.Bench.Reporting;
using Classroom.Contracts;
using Classroom.Testing.Hub;
using Classroom.Testing.Servers;

namespace Classroom.Bench.Scenarios.District;

/// <summary>
/// Issue 6, scenario 2 ("district"): signalling only, many cabinets of 30 students on one node. Ramps
/// the number of connected lessons step by step, chats in all of them at a classroom's pace, and finds
/// the most connections at which chat fan-out p99 stays under the limit; then (wire "both") runs one
/// fixed step per protocol to compare JSON with MessagePack, and sizes the real hub messages in both.
/// </summary>
public sealed class DistrictScenario(DistrictSettings settings, DistrictLog? log = null)
{
    public const string Name = "district";
    private static readonly TimeSpan StatusPeriod = TimeSpan.FromSeconds(1);

    private readonly DistrictLog _log = log ?? DistrictLog.Silent;
    private readonly FanoutMeters _meters = new();
    private readonly Random _random = new(settings.Seed);
    private readonly HashSet<CabinetFleet> _warmed = [];
    private ChatMessageView? _sample;

    public async Task<ScenarioReport> RunAsync(CancellationToken ct)
    {
        settings.Validate();
        var report = new ScenarioReport(Name);
        var loadBefore = MachineCpu.LoadAverage();
        await using var server = await BenchServer.StartAsync(cancellationToken: ct);
        using var school = await BenchSchool.CreateAsync(server, ct);
        var baselineRss = ProcessMeter.RssBytes(server.ProcessId);
        _log.Line($"server pid {server.ProcessId} at {server.BaseAddress}, {baselineRss / (1024 * 1024)} MB before any connection");

        var (ramp, stopReason, snapshot) = await RampAsync(server, school, baselineRss, ct);
        var compare = new List<StepResult>();
        if (settings.Wire == WireChoice.Both && !server.HasExited)
        {
            // Fresh lessons per protocol on the same server, after the ramp's connections have left.
            var number = 100_000;
            foreach (var wire in new[] { Wire.Json, Wire.MessagePack })
            {
                await Task.Delay(settings.Settle, ct);
                await using var fleet = new CabinetFleet(server.BaseAddress, school, _meters, settings, wire, number);
                number += 100_000;
                var rss = ProcessMeter.RssBytes(server.ProcessId);
                var result = await StepAsync(server, fleet, $"compare {Label(wire)}", settings.CabinetsFor(settings.CompareStudents), rss, ct);
                compare.Add(result);
                _log.Line(Describe(result));
            }
        }

        var sizes = _sample is not null && snapshot is not null ? WireSizes.Measure(_sample, snapshot) : [];
        var context = new DistrictContext(settings, ramp, compare, sizes, stopReason, loadBefore, MachineCpu.LoadAverage(), _meters.Strays);
        DistrictReport.Fill(report, context);
        if (settings.Charts) DistrictCharts.Draw(report, context);
        if (server.Log.Length > 0) report.Notes.Add($"server warnings (last lines): {Truncate(server.Log, 800)}");
        await report.WriteAsync(settings.OutDirectory, ct);
        return report;
    }

    private async Task<(List<StepResult> Steps, string StopReason, LessonSnapshot? Snapshot)> RampAsync(ServerProcess server, BenchSchool school, long baselineRss, CancellationToken ct)
    {
        var steps = new List<StepResult>();
        var stopReason = "every step passed";
        await using var fleet = new CabinetFleet(server.BaseAddress, school, _meters, settings, settings.RampWire, 0);
        foreach (var students in settings.Steps)
        {
            var result = await StepAsync(server, fleet, $"ramp {Label(settings.RampWire)} {students}", settings.CabinetsFor(students), baselineRss, ct);
            steps.Add(result);
            _log.Line(Describe(result));
            if (result.Failure(settings.P99LimitMs) is { } failure)
            {
                stopReason = $"stopped at {result.Students} students: {failure}";
                break;
            }
        }
        _log.Status("disconnecting the ramp's connections");
        return (steps, stopReason, fleet.LargestSnapshot());
    }

    /// <summary>Grows the fleet to <paramref name="cabinets"/> lessons, then measures one chat window.</summary>
    private async Task<StepResult> StepAsync(ServerProcess server, CabinetFleet fleet, string label, int cabinets, long rssBefore, CancellationToken ct)
    {
        var pid = server.ProcessId;
        _log.Status($"{label}: creating lessons");
        var setup = await fleet.AddLessonsAsync(cabinets, ct);
        var joining = fleet.Students + fleet.Cabinets.Count - fleet.Present;
        JoinStats join;
        await using (var joinCpu = ProcessMeter.Start(pid))
        await using (_log.Every(StatusPeriod, () => $"{label}: joined {fleet.Joining}/{joining} new (in lessons: {fleet.Present}), server {joinCpu.Cores():0.00} cores"))
        {
            join = await fleet.JoinNewAsync(setup, ct) with { ServerCores = joinCpu.Cores() };
        }
        await Task.Delay(settings.Settle, ct);
        // Once per fleet (each protocol warms its own serializers on both sides), before the idle
        // window too: the runtime's background recompilation after the first chat would count as idle cost.
        if (settings.WarmUp > TimeSpan.Zero && _warmed.Add(fleet))
        {
            _log.Status($"{label}: warming up ({settings.WarmUp.TotalSeconds:0} s of chat, not measured)");
            await ChatTraffic.RunAsync(fleet.Cabinets, _meters.Begin(), settings with { Duration = settings.WarmUp }, _random, ct);
        }
        var idleCores = await IdleAsync(pid, label, fleet, ct);

        var meter = _meters.Begin();
        await using var serverCpu = ProcessMeter.Start(pid);
        await using var benchCpu = ProcessMeter.Start(Environment.ProcessId);
        var machine = MachineCpu.Start();
        ChatStats chat;
        await using (_log.Every(StatusPeriod, () => $"{label}: {fleet.Present} connected, {meter.Sent} sent, delivered {meter.Delivered}/{meter.Expected}, server {serverCpu.Cores():0.00} cores"))
        {
            chat = await ChatTraffic.RunAsync(fleet.Cabinets, meter, settings, _random, ct);
        }
        var serverCores = serverCpu.Cores();
        var benchCores = benchCpu.Cores();
        var otherCores = Math.Max(0, machine.Cores() - serverCores - benchCores);
        var rss = ProcessMeter.RssBytes(pid);
        _sample ??= meter.Sample;
        return new StepResult(label, fleet.Wire, fleet.Cabinets.Count, fleet.Students, fleet.Present, join, chat, meter.Latency.Summarize(), meter.Histogram(),
            idleCores, serverCores, serverCpu.CpuSeconds(), rss, rss - rssBefore, benchCores, ProcessMeter.RssBytes(Environment.ProcessId), otherCores, fleet.Dropped,
            server.ExitCode)
        {
            ServerThreads = MachineCpu.ThreadsOf(pid),
        };
    }

    /// <summary>Server cores over the idle window: keep-alives and timers for everyone connected, no chat.</summary>
    private async Task<double> IdleAsync(int pid, string label, CabinetFleet fleet, CancellationToken ct)
    {
        if (settings.IdleWindow <= TimeSpan.Zero) return double.NaN;
        _log.Status($"{label}: {fleet.Present} connected, idle for {settings.IdleWindow.TotalSeconds:0} s");
        await using var cpu = ProcessMeter.Start(pid);
        await Task.Delay(settings.IdleWindow, ct);
        return cpu.Cores();
    }

    public static string Label(Wire wire) => wire == Wire.Json ? "json" : "messagepack";

    private string Describe(StepResult r)
    {
        var verdict = r.Failure(settings.P99LimitMs) ?? "pass";
        return string.Create(CultureInfo.InvariantCulture,
            $"{r.Label}: {r.Connections} connections, joins p99 {r.Join.Latency.P99:0} ms ({r.Join.Failed} failed), {r.Chat.Delivered}/{r.Chat.Expected} delivered, fan-out p50 {r.Fanout.P50:0.0} p99 {r.Fanout.P99:0.0} ms, server {r.ServerCores:0.00} cores {r.ServerRssMb:0} MB, bench {r.BenchCores:0.00} cores, other {r.OtherCores:0.00} cores — {verdict}");
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[^length..];
}
