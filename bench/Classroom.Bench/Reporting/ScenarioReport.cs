using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Classroom.Bench.Reporting;

/// <summary>A goal from the issue, measured: met or not, said plainly.</summary>
public sealed record GoalResult(string Name, double Measured, string Target, bool Met);

/// <summary>One table of a scenario's results (rows of already formatted cells, and raw values for JSON).</summary>
public sealed record ResultTable(string Title, IReadOnlyList<string> Columns, List<IReadOnlyList<object?>> Rows);

/// <summary>
/// What a scenario found: its parameters, tables, goals and charts. Printed as tables on the console
/// and written as JSON (bench/results/&lt;scenario&gt;.json) so RESULTS.md and CI can read it.
/// </summary>
public sealed class ScenarioReport(string scenario)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string Scenario { get; } = scenario;
    public BenchEnvironment Environment { get; } = BenchEnvironment.Describe();
    public Dictionary<string, object?> Parameters { get; } = [];
    public Dictionary<string, object?> Summary { get; } = [];
    public List<ResultTable> Tables { get; } = [];
    public List<GoalResult> Goals { get; } = [];
    public List<string> Charts { get; } = [];
    public List<string> Notes { get; } = [];

    public ResultTable Table(string title, params string[] columns)
    {
        var table = new ResultTable(title, columns, []);
        Tables.Add(table);
        return table;
    }

    public void Goal(string name, double measured, string target, bool met) => Goals.Add(new GoalResult(name, measured, target, met));

    public void Print()
    {
        // Redirected output (CI logs, files) would otherwise wrap the tables at 80 columns.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;
        AnsiConsole.Write(new Rule($"[bold]{Markup.Escape(Scenario)}[/] — {Environment.Cores} cores, {Environment.MemoryGiB} GiB, commit {Markup.Escape(Environment.Commit)}"));
        if (Parameters.Count > 0) AnsiConsole.MarkupLine(Markup.Escape(string.Join(", ", Parameters.Select(p => $"{p.Key}={Format(p.Value)}"))));
        foreach (var t in Tables)
        {
            var table = new Table { Title = new TableTitle(Markup.Escape(t.Title)) };
            foreach (var column in t.Columns) table.AddColumn(Markup.Escape(column));
            foreach (var row in t.Rows) table.AddRow(row.Select(c => Markup.Escape(Format(c))).ToArray());
            AnsiConsole.Write(table);
        }
        if (Summary.Count > 0)
        {
            var summary = new Table { Title = new TableTitle("summary") }.AddColumn("measure").AddColumn("value");
            foreach (var (key, value) in Summary) summary.AddRow(Markup.Escape(key), Markup.Escape(Format(value)));
            AnsiConsole.Write(summary);
        }
        foreach (var goal in Goals)
            AnsiConsole.MarkupLine($"{(goal.Met ? "[green]met[/]" : "[red]not met[/]")}  {Markup.Escape(goal.Name)}: {Markup.Escape(Format(goal.Measured))} (goal {Markup.Escape(goal.Target)})");
        foreach (var note in Notes) AnsiConsole.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
        foreach (var chart in Charts) AnsiConsole.MarkupLine($"chart: {Markup.Escape(chart)}");
    }

    /// <summary>Writes the JSON result and returns its path.</summary>
    public async Task<string> WriteAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{Scenario}.json");
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, Json, cancellationToken);
        return path;
    }

    public static string Format(object? value) => value switch
    {
        null => "—",
        double d when double.IsNaN(d) => "—",
        double d => d.ToString(Math.Abs(d) >= 100 ? "N0" : "0.##", CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("0.##", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
