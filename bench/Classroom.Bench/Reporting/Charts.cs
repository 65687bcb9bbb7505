using ScottPlot;

namespace Classroom.Bench.Reporting;

/// <summary>PNG charts rendered by the bench itself (ScottPlot), beside the JSON result.</summary>
public static class Charts
{
    /// <summary>Grouped bars: one group per category, one bar per series (e.g. p50/p99 per link profile).</summary>
    public static string Bars(string path, string title, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<(string Name, double[] Values)> series)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var bars = new List<Bar>();
        var groupWidth = series.Count + 1;
        for (var s = 0; s < series.Count; s++)
        {
            for (var c = 0; c < categories.Count; c++)
            {
                var value = series[s].Values[c];
                bars.Add(new Bar { Position = c * groupWidth + s, Value = double.IsFinite(value) ? value : 0, FillColor = palette.GetColor(s) });
            }
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            categories.Select((c, i) => new Tick(i * groupWidth + (series.Count - 1) / 2.0, c)).ToArray());
        for (var s = 0; s < series.Count; s++) plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = palette.GetColor(s) });
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Title(title);
        plot.YLabel(yLabel);
        plot.Axes.Margins(bottom: 0);
        return Save(plot, path);
    }

    /// <summary>Lines over a numeric x axis (e.g. chat p99 against connections).</summary>
    public static string Lines(string path, string title, string xLabel, string yLabel, IReadOnlyList<(string Name, double[] X, double[] Y)> series)
    {
        var plot = new Plot();
        foreach (var (name, x, y) in series)
        {
            var line = plot.Add.Scatter(x, y);
            line.LegendText = name;
        }
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return Save(plot, path);
    }

    private static string Save(Plot plot, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, 900, 500);
        return path;
    }
}
