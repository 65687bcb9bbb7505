using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

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

    private ServerProcess(Process process, Uri baseAddress, Uri? plainAddress, string dataDirectory, bool ownsData)
    {
        _process = process;
        BaseAddress = baseAddress;
        PlainAddress = plainAddress;
        DataDirectory = dataDirectory;
        _ownsData = ownsData;
    }

    /// <summary>Where the server is: https:// when started with <c>https: true</c>, else http://.</summary>
    public Uri BaseAddress { get; }

    /// <summary>With <c>https: true</c>, the plain-HTTP address the server also listens on (what a typed address hits first).</summary>
    public Uri? PlainAddress { get; }

    public string DataDirectory { get; }

    /// <summary>The server's own CA (made on its first HTTPS start), which <see cref="NewHttpClient"/> trusts, as a phone that installed it would.</summary>
    public string CertificateAuthorityPath => Path.Combine(DataDirectory, "tls", "ca.crt");

    /// <summary>The server certificate it serves (self-made).</summary>
    public string ServerCertificatePath => Path.Combine(DataDirectory, "tls", "server.crt");

    /// <summary>The process has ended (e.g. stopped by a configuration error).</summary>
    public bool HasExited => _process.HasExited;
    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <param name="dataDirectory">An existing data folder to start over (kept on dispose); null for a new one.</param>
    /// <param name="adminPassword">CLASSROOM_ADMIN_PASSWORD, or null to let the server generate one.</param>
    /// <param name="bindAddress">
    /// Where HTTP and the UDP media socket listen, and the address announced in ICE candidates; null for
    /// 127.0.0.1. Media tests pass <see cref="PrivateNetwork.HostAddress"/> so a browser inside the
    /// namespace can reach both.
    /// </param>
    /// <param name="port">The HTTP port, or null for a free one. Fixed when a browser must treat the exact origin as secure.</param>
    /// <param name="https">
    /// Listen on HTTPS at <paramref name="port"/> with the server's own certificate (as a school runs it),
    /// and on plain HTTP at another free port (<see cref="PlainAddress"/>); false keeps plain HTTP only.
    /// </param>
    /// <param name="settings">Extra configuration as environment variables (e.g. <c>Classroom__SchoolName</c>).</param>
    /// <param name="waitHealthy">False returns at once, for a test that expects the server to refuse to start.</param>
    /// <param name="serverDll">Another build of the server (a published folder); null for the solution's build output.</param>
    /// <param name="workingDirectory">Where the process starts; null for the server project's folder, as <c>dotnet run</c> does.</param>
    /// <param name="healthTimeout">How long the server may take to answer /health (120 s by default); then it is killed.</param>
    public static async Task<ServerProcess> StartAsync(
        string? dataDirectory = null, string? adminPassword = AdminPassword, IPAddress? bindAddress = null, int? port = null,
        bool https = false, IReadOnlyDictionary<string, string>? settings = null, bool waitHealthy = true,
        string? serverDll = null, string? workingDirectory = null, TimeSpan? healthTimeout = null)
    {
        var root = RepositoryRoot();
        var configuration = typeof(ServerProcess).Assembly.Location.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var project = Path.Combine(root, "src", "Classroom.Server");
        var dll = serverDll ?? Path.Combine(project, "bin", configuration, "net10.0", "Classroom.Server.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build the server first.", dll);
        var ownsData = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("classroom-e2e-").FullName;
        var address = bindAddress ?? IPAddress.Loopback;
        var httpPort = port ?? FreePort(address);
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = workingDirectory ?? project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        var baseAddress = new Uri($"{(https ? "https" : "http")}://{host}:{httpPort}/");
        Uri? plainAddress = https ? new Uri($"http://{host}:{FreePort(address)}/") : null;
        start.Environment["Urls"] = https ? $"{baseAddress.GetLeftPart(UriPartial.Authority)};{plainAddress!.GetLeftPart(UriPartial.Authority)}" : baseAddress.GetLeftPart(UriPartial.Authority);
        start.Environment["Classroom__DataDirectory"] = dataDirectory;
        start.Environment["Classroom__Media__BindAddress"] = address.ToString();
        start.Environment["Classroom__Media__UdpPort"] = "0";
        // Said explicitly so the candidate never depends on the server's default-address guess.
        if (bindAddress is not null) start.Environment["Classroom__Media__AnnouncedAddress"] = address.ToString();
        if (adminPassword is null) start.Environment.Remove("CLASSROOM_ADMIN_PASSWORD");
        else start.Environment["CLASSROOM_ADMIN_PASSWORD"] = adminPassword;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start)!;
        var server = new ServerProcess(process, baseAddress, plainAddress, dataDirectory, ownsData);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!waitHealthy) return server;
        try
        {
            await server.WaitHealthyAsync(healthTimeout ?? TimeSpan.FromSeconds(120));
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
        if (File.Exists(CertificateAuthorityPath))
        {
            var authority = X509CertificateLoader.LoadCertificateFromFile(CertificateAuthorityPath);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is X509Certificate2 presented && IsTrusted(presented, authority, errors);
        }
        return handler;
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

    private async Task WaitHealthyAsync(TimeSpan timeout)
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
