using System.Text.Json;
using Classroom.Bench.Reporting;
using Classroom.Bench.Scenarios.District;
using Xunit.Abstractions;

namespace Classroom.Bench.Tests.Scenarios;

/// <summary>
/// The district scenario end to end at toy size (2 cabinets of 5, one step, 2 s of chat, both
/// protocols) against the real Release server: it runs to the end, every chat message reaches every
/// member, and the JSON result carries what RESULTS.md reads. Latency is not asserted: CI machines
/// are shared and a cold server is slow on its first messages.
/// </summary>
public sealed class DistrictSmokeTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("district-smoke-").FullName;

    [Fact]
    public async Task Tiny_district_runs_delivers_everything_and_writes_its_json()
    {
        var settings = new DistrictSettings
        {
            Steps = [10],
            StudentsPerCabinet = 5,
            Duration = TimeSpan.FromSeconds(2),
            MinInterval = TimeSpan.FromMilliseconds(200),
            MaxInterval = TimeSpan.FromMilliseconds(400),
            WarmUp = TimeSpan.Zero,
            IdleWindow = TimeSpan.Zero,
            Settle = TimeSpan.Zero,
            Wire = WireChoice.Both,
            CompareStudents = 10,
            OutDirectory = _out,
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var log = new DistrictLog(_ => { }, line => output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s  {line}"));

        var report = await new DistrictScenario(settings, log).RunAsync(timeout.Token);

        Assert.Equal(true, report.Summary["completed"]);
        Assert.Equal(1.0, (double)report.Summary["deliveryRatioMin"]!);
        var ramp = report.Tables.Single(t => t.Title.StartsWith("ramp: joins", StringComparison.Ordinal));
        var row = Assert.Single(ramp.Rows);
        Assert.Equal(10, Cell(ramp, row, "students"));
        Assert.Equal(12, Cell(ramp, row, "connections"));
        Assert.Equal(0, Cell(ramp, row, "join fails"));
        Assert.True((long)Cell(ramp, row, "messages")! > 0, "no message was sent");
        Assert.Equal(100.0, (double)Cell(ramp, row, "delivery %")!);
        var compare = report.Tables.Single(t => t.Title.StartsWith("JSON vs MessagePack", StringComparison.Ordinal));
        Assert.Equal(["json", "messagepack"], compare.Rows.Select(r => (string)r[0]!));
        Assert.All(compare.Rows, r => Assert.Equal(100.0, (double)Cell(compare, r, "delivery %")!));

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_out, "district.json")));
        var root = json.RootElement;
        Assert.Equal("district", root.GetProperty("scenario").GetString());
        Assert.Equal(5, root.GetProperty("tables").GetArrayLength());
        Assert.True(root.GetProperty("summary").TryGetProperty("largestPassingStudents", out _));
        Assert.True(root.GetProperty("summary").TryGetProperty("serverKbPerConnection", out _));
        var goal = Assert.Single(root.GetProperty("goals").EnumerateArray());
        Assert.Contains("p99", goal.GetProperty("name").GetString(), StringComparison.Ordinal);
        var sizes = root.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("title").GetString()!.StartsWith("bytes per hub message", StringComparison.Ordinal));
        var chat = sizes.GetProperty("rows")[0];
        Assert.Equal("ChatReceived", chat[0].GetString());
        Assert.True(chat[3].GetInt32() < chat[2].GetInt32(), "MessagePack should be smaller than JSON");
        Assert.All(report.Charts, c => Assert.True(File.Exists(c), c));
    }

    private static object? Cell(ResultTable table, IReadOnlyList<object?> row, string column) => row[table.Columns.ToList().IndexOf(column)];

    public void Dispose() => Directory.Delete(_out, recursive: true);
}
