using System.Diagnostics;

namespace Classroom.Bench.Infrastructure;

/// <summary>
/// Keeps the process under test and the bench's own clients on different cores (<c>taskset</c>), so
/// a forwarding figure is the server's and not what the synthetic browsers left of the machine.
/// Off unless a scenario sets <see cref="ServerCores"/>; every target's process is started through
/// <see cref="Apply"/>, and the bench pins itself (all its threads) with <see cref="PinBench"/>.
/// </summary>
public static class CpuPinning
{
    /// <summary>A <c>taskset -c</c> list ("1", "2-3") for the relay, Janus or the bare forwarder; null: not pinned.</summary>
    public static string? ServerCores { get; set; }

    /// <summary>Runs <paramref name="start"/> under <c>taskset -c <see cref="ServerCores"/></c> (every thread it makes inherits the mask).</summary>
    public static ProcessStartInfo Apply(ProcessStartInfo start)
    {
        if (ServerCores is not { } cores) return start;
        start.ArgumentList.Insert(0, start.FileName);
        start.ArgumentList.Insert(0, cores);
        start.ArgumentList.Insert(0, "-c");
        start.FileName = "taskset";
        return start;
    }

    /// <summary>Pins every thread the bench has now (later ones inherit) to <paramref name="cores"/>.</summary>
    public static void PinBench(string cores)
    {
        using var taskset = Process.Start(new ProcessStartInfo("taskset", ["-a", "-p", "-c", cores, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("taskset did not start (util-linux)");
        taskset.StandardOutput.ReadToEnd();
        taskset.WaitForExit();
        if (taskset.ExitCode != 0) throw new InvalidOperationException($"taskset could not pin the bench to cores {cores}");
    }
}
