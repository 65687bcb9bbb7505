using System.Diagnostics;
using System.Net;
using Classroom.EndToEnd.Tests.Infrastructure;

namespace Classroom.EndToEnd.Tests.Installing;

/// <summary>
/// The README's install steps, as far as they run here: `dotnet publish` into a folder of its own,
/// the published server started from another working directory with a fresh data folder, over
/// HTTPS, serving the web client; and the systemd unit checked by systemd itself.
/// </summary>
public sealed class PublishedServerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("classroom-publish-").FullName;

    [Fact]
    public async Task The_published_server_runs_from_any_folder_over_https_and_serves_the_web_client()
    {
        var app = Path.Combine(_root, "opt-classroom");
        var (code, output) = await RunAsync("dotnet", ["publish", Path.Combine(ServerProcess.RepositoryRoot(), "src", "Classroom.Server", "Classroom.Server.csproj"),
            "-c", "Release", "--no-build", "-o", app, "-nologo"], ServerProcess.RepositoryRoot());
        Assert.True(code == 0, output);
        Assert.True(File.Exists(Path.Combine(app, "client", "index.html")), "the web client is published with the server");
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(app, "client", "assets"), "*.js.br"));
        Assert.True(File.Exists(Path.Combine(app, "appsettings.json")));

        // Started as systemd starts it: from elsewhere, with only the published folder.
        var elsewhere = Directory.CreateDirectory(Path.Combine(_root, "elsewhere")).FullName;
        var data = Path.Combine(_root, "var-lib-classroom");
        await using var server = await ServerProcess.StartAsync(data, https: true, serverDll: Path.Combine(app, "Classroom.Server.dll"), workingDirectory: elsewhere);

        using var http = server.NewHttpClient();
        Assert.Equal("Healthy", await http.GetStringAsync("health"));
        var page = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<div id=\"app\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(data, "classroom.db")));
        Assert.True(File.Exists(Path.Combine(data, "tls", "ca.crt")));
        Assert.Contains($"Content root path: {app.TrimEnd('/')}", server.Log.Replace(Path.DirectorySeparatorChar + Environment.NewLine, Environment.NewLine, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(elsewhere));
    }

    [Fact]
    public async Task The_systemd_unit_passes_systemd_analyze_verify()
    {
        var unit = Path.Combine(ServerProcess.RepositoryRoot(), "deploy", "classroom.service");
        var (code, output) = await RunAsync("systemd-analyze", ["verify", unit], _root);

        Assert.True(code == 0 && string.IsNullOrWhiteSpace(output), output);
        var text = await File.ReadAllTextAsync(unit);
        foreach (var line in new[] { "User=classroom", "StateDirectory=classroom", "AmbientCapabilities=CAP_NET_BIND_SERVICE", "NoNewPrivileges=yes", "ProtectSystem=strict", "Restart=always", "Type=notify" })
        {
            Assert.Contains(line, text, StringComparison.Ordinal);
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
