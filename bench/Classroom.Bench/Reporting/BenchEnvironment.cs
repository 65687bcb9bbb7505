using System.Diagnostics;
using System.Globalization;
using Classroom.Testing.Servers;

namespace Classroom.Bench.Reporting;

/// <summary>Where a result was measured: the figures mean nothing without the machine and the commit.</summary>
public sealed record BenchEnvironment(string Date, int Cores, double MemoryGiB, string Commit, string Runtime, string Os)
{
    public static BenchEnvironment Describe() => new(
        DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        Environment.ProcessorCount,
        Math.Round(MemoryBytes() / (1024.0 * 1024 * 1024), 1),
        CurrentCommit(),
        Environment.Version.ToString(),
        System.Runtime.InteropServices.RuntimeInformation.OSDescription);

    private static long MemoryBytes()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            return long.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string CurrentCommit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["rev-parse", "--short", "HEAD"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Classroom.Testing.Servers.ServerProcess.RepositoryRoot(),
            })!;
            var sha = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit(5000);
            return sha.Length > 0 ? sha : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
