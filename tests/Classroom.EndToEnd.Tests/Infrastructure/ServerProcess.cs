using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace Classroom.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real server, started the way a school starts it (its own process, embedded SQLite under a
/// data folder), on a free loopback port. Killed and its data removed on dispose.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public const string AdminPassword = "e2e-admin-pass";

    private readonly Process _process;
    private readonly StringWriter _log = new();

    private readonly bool _ownsData;

    private ServerProcess(Process process, Uri baseAddress, string dataDirectory, bool ownsData)
    {
        _process = process;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        _ownsData = ownsData;
    }

    public Uri BaseAddress { get; }
    public string DataDirectory { get; }
    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <param name="dataDirectory">An existing data folder to start over (kept on dispose); null for a new one.</param>
    /// <param name="adminPassword">CLASSROOM_ADMIN_PASSWORD, or null to let the server generate one.</param>
    /// <param name="bindAddress">
    /// Where HTTP and the UDP media socket listen, and the address announced in ICE candidates; null for
    /// 127.0.0.1. Media tests pass <see cref="PrivateNetwork.HostAddress"/> so a browser inside the
    /// namespace can reach both.
    /// </param>
    /// <param name="port">The HTTP port, or null for a free one. Fixed when a browser must treat the exact origin as secure.</param>
    /// <param name="environment">More environment variables for the server (settings a test needs), set last.</param>
    public static async Task<ServerProcess> StartAsync(
        string? dataDirectory = null, string? adminPassword = AdminPassword, IPAddress? bindAddress = null, int? port = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var root = RepositoryRoot();
        var configuration = typeof(ServerProcess).Assembly.Location.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var project = Path.Combine(root, "src", "Classroom.Server");
        var dll = Path.Combine(project, "bin", configuration, "net10.0", "Classroom.Server.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build the server first.", dll);
        var ownsData = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("classroom-e2e-").FullName;
        var address = bindAddress ?? IPAddress.Loopback;
        var httpPort = port ?? FreePort(address);
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Urls"] = $"http://{address}:{httpPort}";
        start.Environment["Classroom__DataDirectory"] = dataDirectory;
        start.Environment["Classroom__Media__BindAddress"] = address.ToString();
        start.Environment["Classroom__Media__UdpPort"] = "0";
        // Said explicitly so the candidate never depends on the server's default-address guess.
        if (bindAddress is not null) start.Environment["Classroom__Media__AnnouncedAddress"] = address.ToString();
        if (adminPassword is null) start.Environment.Remove("CLASSROOM_ADMIN_PASSWORD");
        else start.Environment["CLASSROOM_ADMIN_PASSWORD"] = adminPassword;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start)!;
        var server = new ServerProcess(process, new Uri($"http://{address}:{httpPort}/"), dataDirectory, ownsData);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitHealthyAsync();
        }
        catch
        {
            // A server that never became healthy must not outlive the test (on a loaded machine they piled up).
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    public HttpClient NewHttpClient() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = BaseAddress };

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The server exited: {Log}");
            try
            {
                if ((await http.GetAsync("health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The server did not become healthy: {Log}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.WriteLine(line);
    }

    /// <summary>A TCP port free on <paramref name="address"/> right now (the OS picks it).</summary>
    public static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Classroom.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("Classroom.slnx not found above the test folder.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (!_ownsData) return;
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Sets up a school through the HTTP API, as the admin and a teacher would.</summary>
public static class SchoolApi
{
    public sealed record Cabinet(Guid Id, string Name, string Subject);
    public sealed record ClassSummary(Guid Id, string Name, int StudentCount);
    public sealed record Student(Guid Id, string Name, string Code, string CodeDisplay);
    public sealed record ClassView(Guid Id, string Name, List<Student> Students);
    public sealed record Lesson(Guid Id, DateTimeOffset StartsAt, int Phase);

    public static async Task<T> PostAsync<T>(HttpClient http, string path, object body)
    {
        var response = await http.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    public static async Task CreateTeacherAsync(ServerProcess server, string userName, string displayName, string password)
    {
        using var admin = server.NewHttpClient();
        await PostAsync<object>(admin, "api/auth/login", new { userName = "admin", password = ServerProcess.AdminPassword });
        await PostAsync<object>(admin, "api/admin/teachers", new { userName, displayName, password });
    }
}
