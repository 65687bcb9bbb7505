using System.Diagnostics;

namespace Classroom.Testing.Servers;

/// <summary>Runs the built server as a one-off command (e.g. <c>reset-admin</c>), as an admin would on the console.</summary>
public static class ServerCommand
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(string dataDirectory, string? standardInput, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [ServerProcess.ServerDll(), .. args])
        {
            WorkingDirectory = ServerProcess.ServerProject(),
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
