using Classroom.Bench.Reporting;

namespace Classroom.Bench.Scenarios.District;

/// <summary>The district's PNGs beside its JSON: fan-out latency and CPU against connections, and message sizes.</summary>
public static class DistrictCharts
{
    public static void Draw(ScenarioReport report, DistrictContext run)
    {
        var dir = run.Settings.OutDirectory;
        var ramp = run.Ramp;
        if (ramp.Count > 0)
        {
            var x = ramp.Select(r => (double)r.Connections).ToArray();
            report.Charts.Add(Charts.Lines(Path.Combine(dir, "district-latency.png"), "District: chat fan-out latency", "connections", "ms",
            [
                ("p50", x, ramp.Select(r => r.Fanout.P50).ToArray()),
                ("p99", x, ramp.Select(r => r.Fanout.P99).ToArray()),
                ($"limit {run.Settings.P99LimitMs:0} ms", x, ramp.Select(_ => run.Settings.P99LimitMs).ToArray()),
            ]));
            report.Charts.Add(Charts.Lines(Path.Combine(dir, "district-cpu.png"), "District: CPU during chat", "connections", "cores",
            [
                ("server", x, ramp.Select(r => r.ServerCores).ToArray()),
                ("bench clients", x, ramp.Select(r => r.BenchCores).ToArray()),
                ("rest of machine", x, ramp.Select(r => r.OtherCores).ToArray()),
            ]));
        }
        if (run.Sizes.Count > 0)
        {
            report.Charts.Add(Charts.Bars(Path.Combine(dir, "district-bytes.png"), "Bytes per hub message", "bytes",
                run.Sizes.Select(w => w.Label).ToArray(),
                [("JSON", run.Sizes.Select(w => (double)w.Json).ToArray()), ("MessagePack", run.Sizes.Select(w => (double)w.MessagePack).ToArray())]));
        }
    }
}
