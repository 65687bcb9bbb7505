namespace Classroom.Bench.Reporting;

/// <summary>Latency samples in milliseconds, thread-safe; percentiles by nearest rank over all samples.</summary>
public sealed class LatencyRecorder
{
    private readonly Lock _lock = new();
    private readonly List<double> _samples = [];

    public void Add(double milliseconds)
    {
        lock (_lock) _samples.Add(milliseconds);
    }

    public int Count { get { lock (_lock) return _samples.Count; } }

    public LatencySummary Summarize() => Summarize([this]);

    /// <summary>Percentiles over the samples of several recorders together (e.g. every receiver of a step).</summary>
    public static LatencySummary Summarize(IEnumerable<LatencyRecorder> recorders)
    {
        var all = new List<double>();
        foreach (var recorder in recorders)
        {
            lock (recorder._lock) all.AddRange(recorder._samples);
        }
        var sorted = all.ToArray();
        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, At(sorted, 0.50), At(sorted, 0.90), At(sorted, 0.99), sorted.Length == 0 ? double.NaN : sorted[^1]);
    }

    private static double At(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

public sealed record LatencySummary(int Count, double P50, double P90, double P99, double Max);
