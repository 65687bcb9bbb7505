using System.Diagnostics;
using System.Globalization;

namespace Classroom.Bench.Infrastructure;

/// <summary>
/// CPU time and resident memory of a process (the server under test, or Janus) over a measured
/// interval, read from /proc so it works for any process, not only .NET ones.
/// </summary>
public sealed class ProcessMeter : IAsyncDisposable
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly double _cpuAtStart;
    private long _peakRss;

    private ProcessMeter(int pid)
    {
        _pid = pid;
        _cpuAtStart = CpuSeconds(pid);
        _peakRss = RssBytes(pid);
        _sampler = Task.Run(SampleAsync);
    }

    /// <summary>Starts measuring now.</summary>
    public static ProcessMeter Start(int pid) => new(pid);

    /// <summary>CPU seconds (user + system) of the process since <see cref="Start"/>.</summary>
    public double CpuSeconds() => CpuSeconds(_pid) - _cpuAtStart;

    public TimeSpan Elapsed => _wall.Elapsed;

    /// <summary>Average cores busy since the start (1.0 = one core fully used).</summary>
    public double Cores() => CpuSeconds() / Math.Max(1e-6, _wall.Elapsed.TotalSeconds);

    public long RssNow() => RssBytes(_pid);

    public long PeakRss => Math.Max(Interlocked.Read(ref _peakRss), RssBytes(_pid));

    private async Task SampleAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(250, _stop.Token);
                var rss = RssBytes(_pid);
                if (rss > Interlocked.Read(ref _peakRss)) Interlocked.Exchange(ref _peakRss, rss);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>utime + stime from /proc/[pid]/stat (fields 14 and 15, after the parenthesized name).</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state), so utime (14) is fields[11] and stime (15) is fields[12].
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>VmRSS from /proc/[pid]/status, in bytes.</summary>
    public static long RssBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampler;
        _stop.Dispose();
    }
}
