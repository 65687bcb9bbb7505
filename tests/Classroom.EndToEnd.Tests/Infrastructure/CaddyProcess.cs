using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Classroom.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Debian's Caddy as the school's reverse proxy, on free loopback ports, in front of a server: the
/// deploy/Caddyfile recipe with <c>tls internal</c> (Caddy's own local CA) instead of ACME, its admin API
/// off, its storage and config in a folder of its own, and never touching the system's trust store.
/// </summary>
public sealed class CaddyProcess : IAsyncDisposable
{
    public const string CaddyPath = "/usr/bin/caddy";

    private readonly Process _process;
    private readonly string _folder;
    private readonly StringWriter _log = new();

    private CaddyProcess(Process process, string folder, int httpsPort)
    {
        _process = process;
        _folder = folder;
        HttpsPort = httpsPort;
    }

    public int HttpsPort { get; }

    /// <summary>The proxy's address: Caddy's certificate names localhost.</summary>
    public Uri BaseAddress => new($"https://localhost:{HttpsPort}/");

    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>Caddy's local root, which a client must trust (as a browser trusts a public CA).</summary>
    public string RootPath => Path.Combine(_folder, "data", "caddy", "pki", "authorities", "local", "root.crt");

    public static async Task<CaddyProcess> StartAsync(Uri upstream)
    {
        Assert.True(File.Exists(CaddyPath), "Caddy is missing: run scripts/test.sh, which installs it.");
        var folder = Directory.CreateTempSubdirectory("classroom-caddy-").FullName;
        var httpsPort = ServerProcess.FreePort(IPAddress.Loopback);
        var httpPort = ServerProcess.FreePort(IPAddress.Loopback);
        var caddyfile = Path.Combine(folder, "Caddyfile");
        await File.WriteAllTextAsync(caddyfile, $$"""
            {
            	admin off
            	skip_install_trust
            	http_port {{httpPort}}
            	https_port {{httpsPort}}
            	storage file_system {{Path.Combine(folder, "data", "caddy")}}
            }

            https://localhost:{{httpsPort}} {
            	tls internal
            	reverse_proxy {{upstream.Authority}}
            }

            """);
        var start = new ProcessStartInfo(CaddyPath, ["run", "--config", caddyfile, "--adapter", "caddyfile"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        // Everything Caddy keeps (autosaved config, its CA) stays in this folder.
        start.Environment["HOME"] = folder;
        start.Environment["XDG_DATA_HOME"] = Path.Combine(folder, "data");
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(folder, "config");
        var process = Process.Start(start)!;
        var caddy = new CaddyProcess(process, folder, httpsPort);
        process.OutputDataReceived += (_, e) => caddy.Append(e.Data);
        process.ErrorDataReceived += (_, e) => caddy.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await caddy.WaitReadyAsync();
        }
        catch
        {
            await caddy.DisposeAsync();
            throw;
        }
        return caddy;
    }

    /// <summary>
    /// A client of the proxy that trusts Caddy's local root and connects from <paramref name="from"/>
    /// (any 127.x address: each stands for another browser on the school network).
    /// </summary>
    public SocketsHttpHandler NewHandler(IPAddress from, CookieContainer? cookies = null)
    {
        var root = X509CertificateLoader.LoadCertificateFromFile(RootPath);
        var handler = new SocketsHttpHandler
        {
            CookieContainer = cookies ?? new CookieContainer(),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        // Caddy serves its leaf with its intermediate; the root is the only trust.
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            certificate is X509Certificate2 presented && ServerProcess.IsTrusted(presented, root, errors, chain);
        return handler;
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Caddy exited: {Log}");
            if (File.Exists(RootPath))
            {
                try
                {
                    using var http = new HttpClient(NewHandler(IPAddress.Loopback)) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
                    if ((await http.GetAsync("health")).IsSuccessStatusCode) return;
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Caddy did not come up: {Log}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.WriteLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
