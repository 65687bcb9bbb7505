using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Classroom.Testing.Servers;

/// <summary>
/// The real server, started the way a school starts it (its own process, embedded SQLite under a
/// data folder), on free loopback ports: what the end-to-end tests drive and what the bench
/// measures (its CPU and memory are its own). Killed, and a data folder it made removed, on dispose.
/// </summary>
public sealed class ServerProcess : IClassroomServer, IAsyncDisposable
{
    /// <summary>The admin's password a server gets unless the caller says otherwise.</summary>
    public const string AdminPassword = "test-admin-pass";

    /// <summary>How many lines of the server's output are kept (the oldest go first): a long bench run must not grow without end.</summary>
    public const int LogLines = 20_000;

    private readonly Process _process;
    private readonly Queue<string> _log = new();
    private readonly bool _ownsData;
    private readonly string _adminPassword;

    private ServerProcess(Process process, Uri baseAddress, Uri? plainAddress, string dataDirectory, bool ownsData, string? adminPassword)
    {
        _process = process;
        BaseAddress = baseAddress;
        PlainAddress = plainAddress;
        DataDirectory = dataDirectory;
        _ownsData = ownsData;
        _adminPassword = adminPassword ?? "";
    }

    /// <summary>Where the server is: https:// when started with <c>https: true</c>, else http://.</summary>
    public Uri BaseAddress { get; }

    /// <summary>With <c>https: true</c>, the plain-HTTP address the server also listens on (what a typed address hits first).</summary>
    public Uri? PlainAddress { get; }

    public string DataDirectory { get; }

    /// <summary>The CLASSROOM_ADMIN_PASSWORD it was started with ("" when it generated its own).</summary>
    string IClassroomServer.AdminPassword => _adminPassword;

    public int ProcessId => _process.Id;

    /// <summary>The server's own CA (made on its first HTTPS start), which <see cref="NewHttpClient"/> trusts, as a phone that installed it would.</summary>
    public string CertificateAuthorityPath => Path.Combine(DataDirectory, "tls", "ca.crt");

    /// <summary>The server certificate it serves (self-made).</summary>
    public string ServerCertificatePath => Path.Combine(DataDirectory, "tls", "server.crt");

    /// <summary>The process has ended (e.g. stopped by a configuration error).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>How the process ended; null while it runs.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>What the server printed (its last <see cref="LogLines"/> lines).</summary>
    public string Log { get { lock (_log) return string.Join(Environment.NewLine, _log); } }

    /// <param name="dataDirectory">An existing data folder to start over (kept on dispose); null for a new one.</param>
    /// <param name="adminPassword">CLASSROOM_ADMIN_PASSWORD, or null to let the server generate one.</param>
    /// <param name="bindAddress">
    /// Where HTTP and the UDP media socket listen, and the address announced in ICE candidates; null for
    /// 127.0.0.1. Media tests pass a private network's host address so a browser inside it can reach both.
    /// </param>
    /// <param name="port">The HTTP port, or null for a free one. Fixed when a browser must treat the exact origin as secure.</param>
    /// <param name="https">
    /// Listen on HTTPS at <paramref name="port"/> with the server's own certificate (as a school runs it),
    /// and on plain HTTP at another free port (<see cref="PlainAddress"/>); false keeps plain HTTP only.
    /// </param>
    /// <param name="settings">Extra configuration as environment variables (e.g. <c>Classroom__SchoolName</c>).</param>
    /// <param name="waitHealthy">False returns at once, for a test that expects the server to refuse to start.</param>
    /// <param name="serverDll">Another build of the server (a published folder, an older commit's build); null for this checkout's build output.</param>
    /// <param name="workingDirectory">
    /// Where the process starts; null for the server project's folder, as <c>dotnet run</c> does (for
    /// another build: the project folder above its bin/, or else the dll's own folder).
    /// </param>
    /// <param name="healthTimeout">How long the server may take to answer /health (120 s by default); then it is killed.</param>
    /// <param name="quiet">Log warnings and errors only: console logging at load costs CPU the server would not spend in a school.</param>
    /// <param name="prepare">A last change to the process start (the bench runs the server under <c>taskset</c>).</param>
    public static async Task<ServerProcess> StartAsync(
        string? dataDirectory = null, string? adminPassword = AdminPassword, IPAddress? bindAddress = null, int? port = null,
        bool https = false, IReadOnlyDictionary<string, string>? settings = null, bool waitHealthy = true,
        string? serverDll = null, string? workingDirectory = null, TimeSpan? healthTimeout = null, bool quiet = false,
        Func<ProcessStartInfo, ProcessStartInfo>? prepare = null, CancellationToken cancellationToken = default)
    {
        var dll = serverDll is null ? ServerDll() : Path.GetFullPath(serverDll);
        if (!File.Exists(dll)) throw new FileNotFoundException("Build the server first: dotnet build Classroom.slnx -c Release", dll);
        var ownsData = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("classroom-server-").FullName;
        var address = bindAddress ?? IPAddress.Loopback;
        var httpPort = port ?? FreePort(address);
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = workingDirectory ?? (serverDll is null ? ServerProject() : ProjectOf(dll)),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        var baseAddress = new Uri($"{(https ? "https" : "http")}://{host}:{httpPort}/");
        Uri? plainAddress = https ? new Uri($"http://{host}:{FreePort(address)}/") : null;
        var env = start.Environment;
        env["Urls"] = https ? $"{baseAddress.GetLeftPart(UriPartial.Authority)};{plainAddress!.GetLeftPart(UriPartial.Authority)}" : baseAddress.GetLeftPart(UriPartial.Authority);
        env["Classroom__DataDirectory"] = dataDirectory;
        env["Classroom__Media__BindAddress"] = address.ToString();
        env["Classroom__Media__UdpPort"] = "0";
        // Said explicitly so the candidate never depends on the server's default-address guess.
        if (bindAddress is not null) env["Classroom__Media__AnnouncedAddress"] = address.ToString();
        if (adminPassword is null) env.Remove("CLASSROOM_ADMIN_PASSWORD");
        else env["CLASSROOM_ADMIN_PASSWORD"] = adminPassword;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (quiet)
        {
            env["Logging__LogLevel__Default"] = "Warning";
            env["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Warning";
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) env[key] = value;
        var process = Process.Start(prepare is null ? start : prepare(start)) ?? throw new InvalidOperationException("dotnet did not start");
        var server = new ServerProcess(process, baseAddress, plainAddress, dataDirectory, ownsData, adminPassword);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!waitHealthy) return server;
        try
        {
            await server.WaitHealthyAsync(healthTimeout ?? TimeSpan.FromSeconds(120), cancellationToken);
        }
        catch
        {
            // A server too slow to become healthy would otherwise live on, bind the port (a fixed one in
            // the media collection) later and answer the next test's health check in place of its own server.
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>A client with its own cookie jar that trusts the server's own CA (and only it) on HTTPS.</summary>
    public HttpClient NewHttpClient() => new(NewHandler()) { BaseAddress = BaseAddress };

    /// <summary>A handler with a cookie jar, trusting certificates issued by the server's own CA when it has one.</summary>
    public SocketsHttpHandler NewHandler()
    {
        var handler = new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true };
        if (CertificateCheck is { } check) handler.SslOptions.RemoteCertificateValidationCallback = check;
        return handler;
    }

    /// <summary>Certificates issued by the server's own CA (once it made one), for HTTP and hub WebSockets alike.</summary>
    public RemoteCertificateValidationCallback? CertificateCheck
    {
        get
        {
            if (!File.Exists(CertificateAuthorityPath)) return null;
            var authority = X509CertificateLoader.LoadCertificateFromFile(CertificateAuthorityPath);
            return (_, certificate, _, errors) => certificate is X509Certificate2 presented && IsTrusted(presented, authority, errors);
        }
    }

    /// <summary>
    /// True when <paramref name="presented"/> chains to <paramref name="authority"/> alone (no system roots)
    /// and the only failure the default check saw was the unknown root: the host name must match.
    /// </summary>
    /// <param name="sent">The chain TLS built, whose extra store holds the intermediates the server sent.</param>
    public static bool IsTrusted(X509Certificate2 presented, X509Certificate2 authority, SslPolicyErrors errors, X509Chain? sent = null)
    {
        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        if (sent is not null) chain.ChainPolicy.ExtraStore.AddRange(sent.ChainPolicy.ExtraStore);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(presented);
    }

    /// <summary>Waits for the process to end by itself (a start that must fail) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    private async Task WaitHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // A readiness probe only: the certificate is checked by the tests that care, with NewHttpClient.
        using var probe = new SocketsHttpHandler();
        probe.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null;
        // Patient: on a machine busy with other runs a first HTTPS start (two RSA keys) and its first handshakes are slow.
        using var http = new HttpClient(probe) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The server exited: {Log}");
            try
            {
                if ((await http.GetAsync(new Uri("health", UriKind.Relative), cancellationToken)).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            await Task.Delay(200, cancellationToken);
        }
        throw new TimeoutException($"The server did not become healthy: {Log}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            _log.Enqueue(line);
            if (_log.Count > LogLines) _log.Dequeue();
        }
    }

    /// <summary>A TCP port free on <paramref name="address"/> right now (the OS picks it).</summary>
    public static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The checkout (the folder holding Classroom.slnx) above the running assembly, or above the current folder.</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Classroom.slnx"))) return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("Classroom.slnx not found above the running assembly or the current folder.");
    }

    /// <summary>The server project's folder (where <c>dotnet run</c> starts it).</summary>
    public static string ServerProject() => Path.Combine(RepositoryRoot(), "src", "Classroom.Server");

    /// <summary>
    /// This checkout's built server in <paramref name="configuration"/>; by default in the configuration
    /// the caller was built in (a Release test run starts the Release server).
    /// </summary>
    public static string ServerDll(string? configuration = null)
    {
        configuration ??= typeof(ServerProcess).Assembly.Location.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";
        return Path.Combine(ServerProject(), "bin", configuration, "net10.0", "Classroom.Server.dll");
    }

    /// <summary>The project folder of a build output (…/Project/bin/Config/tfm/X.dll), else the dll's own folder (a published app).</summary>
    private static string ProjectOf(string dll)
    {
        var folder = new DirectoryInfo(Path.GetDirectoryName(dll)!);
        return folder.Parent?.Parent is { Name: "bin" } bin && bin.Parent is { } project ? project.FullName : folder.FullName;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // a process the kernel has not reaped in 30 s is past helping; the data folder goes anyway
            }
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
