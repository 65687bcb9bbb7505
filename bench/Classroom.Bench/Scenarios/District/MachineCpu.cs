using System.Globalization;

namespace Classroom.Bench.Scenarios.District;

/// <summary>
/// Busy CPU of the whole machine (from /proc/stat) over an interval. Minus the server's and the bench's
/// own share, it shows what else ran meanwhile: other engineers' builds and tests share these cores.
/// </summary>
public sealed class MachineCpu
{
    private const double TicksPerSecond = 100; // USER_HZ
    private readonly double _busyAtStart = BusySeconds();
    private readonly DateTime _start = DateTime.UtcNow;

    public static MachineCpu Start() => new();

    /// <summary>Average cores busy since <see cref="Start"/>, all processes together.</summary>
    public double Cores() => (BusySeconds() - _busyAtStart) / Math.Max(1e-6, (DateTime.UtcNow - _start).TotalSeconds);

    /// <summary>The 1-minute load average, as /proc/loadavg has it.</summary>
    public static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    /// <summary>The soft limit of open files of this process (the server inherits it).</summary>
    public static long OpenFilesLimit()
    {
        try
        {
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var fields = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields is { Length: > 0 } && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : -1;
        }
        catch (IOException)
        {
            return -1;
        }
    }

    /// <summary>Threads of a process (/proc/[pid]/status), or -1 when it is gone.</summary>
    public static int ThreadsOf(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("Threads:", StringComparison.Ordinal));
            return line is not null && int.TryParse(line["Threads:".Length..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        }
        catch (IOException)
        {
            return -1;
        }
    }

    // The first line of /proc/stat: "cpu user nice system idle iowait irq softirq steal ..." in ticks.
    private static double BusySeconds()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First()
                .Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var idle = fields[3] + fields[4];
            return (fields.Sum() - idle) / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
