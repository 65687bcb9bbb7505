using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Classroom.Bench.Infrastructure;

/// <summary>
/// The Classroom server under test, as its own process (so its CPU and memory are its own): the
/// Release build from src/, an empty SQLite data folder of its own, HTTP and the media UDP socket on
/// the address the scenario names (loopback by default).
/// </summary>
public sealed class BenchServer : IAsyncDisposable
{
    public const string AdminPassword = "bench-admin-pass";
    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly Lock _lock = new();
    private readonly Queue<string> _tail = new();

    private BenchServer(Process process, Uri baseAddress, string dataDirectory)
    {
        _process = process;
        BaseAddress = baseAddress;
        _dataDirectory = dataDirectory;
    }

    public Uri BaseAddress { get; }
    public Process Process => _process;

    /// <summary>The server's data folder (its own certificates are in tls/ when started with HTTPS).</summary>
    public string DataDirectory => _dataDirectory;

    /// <summary>The last lines the server printed (warnings and errors only; the bench quiets the rest).</summary>
    public string Tail { get { lock (_lock) return string.Join('\n', _tail); } }

    /// <param name="settings">Extra configuration as environment keys (e.g. <c>Classroom__HubCallsPerWindow</c>).</param>
    /// <param name="https">Listen on HTTPS with the server's own certificate instead of plain HTTP.</param>
    /// <param name="serverDll">Another build of the server (e.g. an older commit's, for a before/after figure); it runs from its project folder.</param>
    public static async Task<BenchServer> StartAsync(IPAddress? address = null, IReadOnlyDictionary<string, string>? settings = null,
        bool https = false, string? serverDll = null, CancellationToken cancellationToken = default)
    {
        var project = serverDll is null
            ? Path.Combine(RepositoryRoot(), "src", "Classroom.Server")
            : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(serverDll))!, "..", "..", ".."));
        var dll = serverDll ?? Path.Combine(project, "bin", "Release", "net10.0", "Classroom.Server.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build the server first: dotnet build Classroom.slnx -c Release", dll);
        address ??= IPAddress.Loopback;
        var port = FreeTcpPort(address);
        var data = Directory.CreateTempSubdirectory("classroom-bench-").FullName;
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = start.Environment;
        var scheme = https ? "https" : "http";
        env["Urls"] = $"{scheme}://{address}:{port}";
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["Classroom__DataDirectory"] = data;
        env["Classroom__Media__BindAddress"] = address.ToString();
        env["Classroom__Media__AnnouncedAddress"] = address.ToString();
        env["Classroom__Media__UdpPort"] = "0";
        env["CLASSROOM_ADMIN_PASSWORD"] = AdminPassword;
        // Console logging at load costs CPU the server would not spend in a school.
        env["Logging__LogLevel__Default"] = "Warning";
        env["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) env[key] = value;
        var process = Process.Start(CpuPinning.Apply(start)) ?? throw new InvalidOperationException("dotnet did not start");
        var server = new BenchServer(process, new Uri($"{scheme}://{address}:{port}/"), data);
        process.OutputDataReceived += (_, e) => server.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => server.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitHealthyAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    private void Remember(string? line)
    {
        if (line is null) return;
        lock (_lock)
        {
            _tail.Enqueue(line);
            while (_tail.Count > 200) _tail.Dequeue();
        }
    }

    private async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        // A readiness probe: over HTTPS the server's own certificate is not checked here.
        using var probe = new SocketsHttpHandler();
        probe.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null;
        using var http = new HttpClient(probe) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        // Generous: a first HTTPS start makes two RSA keys, and the machine may be busy with other work.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The server exited: {Tail}");
            try
            {
                if ((await http.GetAsync(new Uri("health", UriKind.Relative), cancellationToken)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            await Task.Delay(200, cancellationToken);
        }
        throw new TimeoutException($"The server did not become healthy: {Tail}");
    }

    public static int FreeTcpPort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The checkout this bench runs from (the folder holding Classroom.slnx).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Classroom.slnx"))) return dir.FullName;
        }
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Classroom.slnx"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("Run the bench from inside the Classroom checkout.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
