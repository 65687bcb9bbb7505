using System.Diagnostics;

namespace Classroom.EndToEnd.Tests.Infrastructure;

/// <summary>Runs the built server as a one-off command (e.g. <c>reset-admin</c>), as an admin would on the console.</summary>
public static class ServerCommand
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(string dataDirectory, string? standardInput, params string[] args)
    {
        var root = ServerProcess.RepositoryRoot();
        var configuration = typeof(ServerCommand).Assembly.Location.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var project = Path.Combine(root, "src", "Classroom.Server");
        var dll = Path.Combine(project, "bin", configuration, "net10.0", "Classroom.Server.dll");
        var start = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            WorkingDirectory = project,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Classroom__DataDirectory"] = dataDirectory;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("CLASSROOM_ADMIN_PASSWORD");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (standardInput is not null) await process.StandardInput.WriteLineAsync(standardInput);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }
}
