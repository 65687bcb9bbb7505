using Classroom.Bench.Reporting;

namespace Classroom.Bench.Scenarios.District;

/// <summary>Everything a district run found, handed to the report and the charts.</summary>
public sealed record DistrictContext(
    DistrictSettings Settings,
    IReadOnlyList<StepResult> Ramp,
    IReadOnlyList<StepResult> Compare,
    IReadOnlyList<WireSize> Sizes,
    string StopReason,
    double LoadBefore,
    double LoadAfter,
    long StrayDeliveries)
{
    /// <summary>The largest ramp step that passed (p99 under the limit, every join and delivery made), if any.</summary>
    public StepResult? Largest => Ramp.Where(r => r.Failure(Settings.P99LimitMs) is null).MaxBy(r => r.Students);
}

/// <summary>Turns a district run into the report's tables, summary, goal and notes.</summary>
public static class DistrictReport
{
    public static void Fill(ScenarioReport report, DistrictContext run)
    {
        var s = run.Settings;
        report.Parameters["steps"] = string.Join(",", s.Steps);
        report.Parameters["studentsPerCabinet"] = s.StudentsPerCabinet;
        report.Parameters["durationSeconds"] = s.Duration.TotalSeconds;
        report.Parameters["messageIntervalSeconds"] = $"{s.MinInterval.TotalSeconds}-{s.MaxInterval.TotalSeconds}";
        report.Parameters["teacherShare"] = s.TeacherShare;
        report.Parameters["wire"] = s.Wire.ToString();
        report.Parameters["compareStudents"] = s.CompareStudents;
        report.Parameters["warmUpSeconds"] = s.WarmUp.TotalSeconds;
        report.Parameters["idleWindowSeconds"] = s.IdleWindow.TotalSeconds;
        report.Parameters["joinConcurrency"] = s.JoinConcurrency;
        report.Parameters["p99LimitMs"] = s.P99LimitMs;
        report.Parameters["seed"] = s.Seed;
        report.Parameters["openFilesLimit"] = MachineCpu.OpenFilesLimit();

        var fanout = report.Table($"ramp: joins and chat fan-out ({DistrictScenario.Label(s.RampWire)}; {s.StudentsPerCabinet} students + 1 teacher per cabinet; {s.Duration.TotalSeconds:0} s of chat per step)",
            "students", "connections", "cabinets", "join p50 ms", "join p99 ms", "join fails", "joins/s", "server cores joining", "messages", "deliveries", "delivery %",
            "fan-out p50 ms", "p90 ms", "p99 ms", "max ms", "verdict");
        var resources = report.Table("ramp: resources (server = the Classroom process; bench = this process's clients; other = rest of the machine)",
            "students", "connections", "idle server cores", "chat server cores", "server µs CPU/delivery", "server RSS MB", "server KB/conn",
            "server threads", "bench cores", "bench RSS MB", "other cores");
        foreach (var r in run.Ramp)
        {
            fanout.Rows.Add([r.Students, r.Connections, r.Cabinets, r.Join.Latency.P50, r.Join.Latency.P99, r.Join.Failed, r.Join.JoinsPerSecond, r.Join.ServerCores,
                r.Chat.Sent, r.Chat.Delivered, r.Chat.DeliveryRatio * 100, r.Fanout.P50, r.Fanout.P90, r.Fanout.P99, r.Fanout.Max, r.Failure(s.P99LimitMs) ?? "pass"]);
            resources.Rows.Add([r.Students, r.Connections, r.IdleServerCores, r.ServerCores, r.ServerMicrosPerDelivery, r.ServerRssMb, r.KbPerConnection,
                r.ServerThreads, r.BenchCores, r.BenchRss / (1024.0 * 1024), r.OtherCores]);
        }

        var edges = FanoutMeter.BucketEdges;
        var histogram = report.Table("fan-out latency distribution (% of deliveries per bucket, ms)",
            [.. edges.Select((e, i) => i == 0 ? $"<{e}" : $"{edges[i - 1]}–{e}").Prepend("step"), $"≥{edges[^1]}"]);
        foreach (var r in run.Ramp.Concat(run.Compare))
        {
            var total = Math.Max(1, r.FanoutHistogram.Sum());
            histogram.Rows.Add([r.Label, .. r.FanoutHistogram.Select(n => (object?)(100.0 * n / total))]);
        }

        if (run.Compare.Count > 0)
        {
            var chatBytes = run.Sizes.Count > 0 ? run.Sizes[0] : null;
            var compare = report.Table($"JSON vs MessagePack at {run.Compare[0].Students} students ({run.Compare[0].Connections} connections)",
                "wire", "messages", "deliveries", "deliveries/s", "delivery %", "fan-out p50 ms", "p99 ms", "max ms",
                "server cores", "server µs CPU/delivery", "bench cores", "other cores", "ChatReceived bytes", "fan-out KB/s");
            foreach (var r in run.Compare)
            {
                var bytes = chatBytes is null ? double.NaN : r.Wire == Classroom.Testing.Hub.Wire.Json ? chatBytes.JsonFramed : chatBytes.MessagePackFramed;
                compare.Rows.Add([DistrictScenario.Label(r.Wire), r.Chat.Sent, r.Chat.Delivered, r.Chat.DeliveriesPerSecond, r.Chat.DeliveryRatio * 100,
                    r.Fanout.P50, r.Fanout.P99, r.Fanout.Max, r.ServerCores, r.ServerMicrosPerDelivery, r.BenchCores, r.OtherCores,
                    bytes, bytes * r.Chat.DeliveriesPerSecond / 1024]);
            }
        }

        if (run.Sizes.Count > 0)
        {
            var sizes = report.Table("bytes per hub message (payload inside the WebSocket frame; framed = with the RFC 6455 header)",
                "message", "direction", "JSON", "MessagePack", "MessagePack/JSON %", "JSON framed", "MessagePack framed");
            foreach (var w in run.Sizes) sizes.Rows.Add([w.Message, w.Direction, w.Json, w.MessagePack, w.MessagePackShare * 100, w.JsonFramed, w.MessagePackFramed]);
        }

        Summarize(report, run);
    }

    private static void Summarize(ScenarioReport report, DistrictContext run)
    {
        var s = run.Settings;
        var best = run.Largest;
        report.Summary["completed"] = true;
        report.Summary["stopReason"] = run.StopReason;
        report.Summary["largestPassingStudents"] = best?.Students ?? 0;
        report.Summary["largestPassingConnections"] = best?.Connections ?? 0;
        report.Summary["fanoutP99MsAtLargest"] = best?.Fanout.P99 ?? double.NaN;
        report.Summary["serverCoresAtLargest"] = best?.ServerCores ?? double.NaN;
        report.Summary["serverCoresPer1000Connections"] = best is null ? double.NaN : best.ServerCores * 1000 / best.Connections;
        report.Summary["idleServerCoresPer1000Connections"] = best is null ? double.NaN : best.IdleServerCores * 1000 / best.Connections;
        report.Summary["serverKbPerConnection"] = best?.KbPerConnection ?? double.NaN;
        report.Summary["benchCoresAtLargest"] = best?.BenchCores ?? double.NaN;
        report.Summary["deliveryRatioMin"] = run.Ramp.Concat(run.Compare).Select(r => r.Chat.DeliveryRatio).DefaultIfEmpty(double.NaN).Min();
        report.Summary["loadAverageBefore"] = run.LoadBefore;
        report.Summary["loadAverageAfter"] = run.LoadAfter;
        foreach (var r in run.Compare)
            report.Summary[$"{DistrictScenario.Label(r.Wire)}ServerMicrosPerDelivery"] = r.ServerMicrosPerDelivery;

        var measured = best?.Students ?? 0;
        report.Goal($"concurrent students on one {Environment.ProcessorCount}-core node with chat fan-out p99 < {s.P99LimitMs:0} ms",
            measured, $"≥ {s.GoalStudents}", measured >= s.GoalStudents);

        report.Notes.Add(run.StopReason);
        report.Notes.Add("The bench's own clients run on the same cores as the server (bench cores column): the server had less than the whole node, "
            + "and fan-out latency includes the clients' own receive delay. 'other cores' is what the rest of the machine used meanwhile (noise).");
        if (run.LoadBefore > Environment.ProcessorCount * 0.5)
            report.Notes.Add($"The machine was already busy before the run (load average {run.LoadBefore:0.0} on {Environment.ProcessorCount} cores): figures are pessimistic.");
        if (run.StrayDeliveries > 0)
            report.Notes.Add($"{run.StrayDeliveries} deliveries arrived after their window was summed up (later than the drain timeout).");
        if (s.Wire == WireChoice.Both)
            report.Notes.Add("The protocol comparison ran on the same server after the ramp's connections left (JSON first, then MessagePack), with fresh lessons.");
    }
}
