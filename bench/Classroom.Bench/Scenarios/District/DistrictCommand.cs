using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace Classroom.Bench.Scenarios.District;

/// <summary>The "district" subcommand: parses the options into <see cref="DistrictSettings"/> and runs the scenario.</summary>
public static class DistrictCommand
{
    public static Command Create()
    {
        var defaults = new DistrictSettings();
        var steps = new Option<string>("--steps")
        {
            Description = "Student counts of the ramp steps, comma-separated (rounded up to whole cabinets)",
            DefaultValueFactory = _ => string.Join(",", defaults.Steps),
        };
        var perCabinet = new Option<int>("--students-per-cabinet") { Description = "Students per lesson", DefaultValueFactory = _ => defaults.StudentsPerCabinet };
        var duration = new Option<int>("--duration") { Description = "Seconds of chat measured per step", DefaultValueFactory = _ => (int)defaults.Duration.TotalSeconds };
        var interval = new Option<string>("--interval")
        {
            Description = "Seconds between two messages of one lesson, min-max (uniform)",
            DefaultValueFactory = _ => string.Create(CultureInfo.InvariantCulture, $"{defaults.MinInterval.TotalSeconds}-{defaults.MaxInterval.TotalSeconds}"),
        };
        var wire = new Option<WireChoice>("--wire")
        {
            Description = "Protocol of the ramp (messagepack, json), or both: MessagePack ramp plus a JSON/MessagePack comparison",
            DefaultValueFactory = _ => defaults.Wire,
        };
        var compare = new Option<int>("--compare-students") { Description = "Students of the per-protocol comparison step (--wire both)", DefaultValueFactory = _ => defaults.CompareStudents };
        var joins = new Option<int>("--join-concurrency") { Description = "Joins in flight at once", DefaultValueFactory = _ => defaults.JoinConcurrency };
        var seed = new Option<int>("--seed") { Description = "Seed of the chat schedule and senders", DefaultValueFactory = _ => defaults.Seed };
        var output = new Option<string>("--out") { Description = "Results folder", DefaultValueFactory = _ => defaults.OutDirectory };
        var command = new Command("district", "Issue 6 scenario 2: many cabinets of 30 on one node, signalling only; chat fan-out p99, CPU and memory per connection, JSON vs MessagePack.");
        foreach (var option in new Option[] { steps, perCabinet, duration, interval, wire, compare, joins, seed, output }) command.Options.Add(option);
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var gaps = parse.GetValue(interval)!.Split('-', StringSplitOptions.TrimEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var settings = defaults with
            {
                Steps = parse.GetValue(steps)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList(),
                StudentsPerCabinet = parse.GetValue(perCabinet),
                Duration = TimeSpan.FromSeconds(parse.GetValue(duration)),
                MinInterval = TimeSpan.FromSeconds(gaps[0]),
                MaxInterval = TimeSpan.FromSeconds(gaps[^1]),
                Wire = parse.GetValue(wire),
                CompareStudents = parse.GetValue(compare),
                JoinConcurrency = parse.GetValue(joins),
                Seed = parse.GetValue(seed),
                OutDirectory = Path.GetFullPath(parse.GetValue(output)!),
            };
            var report = await AnsiConsole.Status().StartAsync("starting the server", async status =>
            {
                var log = new DistrictLog(s => status.Status(Markup.Escape(s)), s => AnsiConsole.MarkupLine(Markup.Escape(s)));
                return await new DistrictScenario(settings, log).RunAsync(ct);
            });
            report.Print();
            AnsiConsole.MarkupLine($"written: {Markup.Escape(Path.Combine(settings.OutDirectory, DistrictScenario.Name + ".json"))}");
            return 0;
        });
        return command;
    }
}
