using System.Diagnostics;

namespace Classroom.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Runs iproute2's <c>ip</c>. Every network change the tests make goes through here, so a failure
/// always names the exact command and what ip printed on stderr.
/// </summary>
public static class IpTool
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The absolute path of ip. Absolute because it is also written into the Chromium wrapper
    /// script, which Playwright's driver starts with an environment we do not control.
    /// </summary>
    public static string Path { get; } = Find();

    /// <summary>Runs ip and returns its stdout; throws with ip's stderr when it exits non-zero.</summary>
    public static async Task<string> RunAsync(params string[] arguments)
    {
        var result = await TryRunAsync(arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`ip {string.Join(' ', arguments)}` failed with exit code {result.ExitCode}: {result.Error.Trim()}");
        }
        return result.Output;
    }

    /// <summary>Runs ip without judging the exit code, for best-effort cleanup and probing.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> TryRunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Path}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start {Path} (install iproute2; scripts/test.sh does): {e.Message}", e);
        }
        using (process)
        {
            // Both streams are read concurrently so a chatty stderr cannot block the process on a full pipe.
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(CommandTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"`ip {string.Join(' ', arguments)}` did not finish within {CommandTimeout.TotalSeconds} s.");
            }
            return (process.ExitCode, await output, await error);
        }
    }

    private static string Find()
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"]);
        foreach (var directory in directories)
        {
            var candidate = System.IO.Path.Combine(directory, "ip");
            if (File.Exists(candidate)) return candidate;
        }
        return "ip";
    }
}
