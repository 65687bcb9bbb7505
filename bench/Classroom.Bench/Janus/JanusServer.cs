using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using Classroom.Bench.Infrastructure;
using Classroom.Testing.Servers;

namespace Classroom.Bench.Janus;

/// <summary>
/// One Janus 1.1 process for the bench: its own configuration in a temp folder (HTTP transport and
/// VideoRoom only, HTTP on a free loopback port, ICE gathering enforced to one address, a private
/// RTP port range, log to a file), ready once <c>GET /janus/info</c> lists the VideoRoom plugin.
/// Disposing sends SIGTERM, kills it if it lingers, and removes the folder.
/// </summary>
public sealed class JanusServer : IAsyncDisposable
{
    public const string VideoRoomPlugin = "janus.plugin.videoroom";
    private const int StartAttempts = 3;
    private const int OutputLines = 40;

    private readonly JanusServerOptions _options;
    private readonly Queue<string> _output = new();

    private JanusServer(JanusServerOptions options, string folder, Process process, Uri baseUrl, string iceEnforce, int rtpMin, int rtpMax)
    {
        _options = options;
        ConfigFolder = folder;
        Process = process;
        BaseUrl = baseUrl;
        IceEnforce = iceEnforce;
        CandidateAddress = JanusConfig.CandidateAddress(iceEnforce);
        RtpPorts = (rtpMin, rtpMax);
    }

    /// <summary>The janus process (its Id is what CPU/RSS meters read from /proc).</summary>
    public Process Process { get; }

    /// <summary>The Janus API root, e.g. http://127.0.0.1:41234/janus (no trailing slash).</summary>
    public Uri BaseUrl { get; }

    public string ConfigFolder { get; }
    public string LogPath => Path.Combine(ConfigFolder, "janus.log");

    /// <summary>The ice_enforce_list value Janus runs with.</summary>
    public string IceEnforce { get; }

    /// <summary>The address Janus's host candidates carry (null when the enforce value names no local IPv4).</summary>
    public IPAddress? CandidateAddress { get; }

    /// <summary>
    /// Where synthetic peers talking to this Janus must bind: its candidate address, never 127.0.0.1.
    /// libnice pins each ICE socket to its interface (IP_UNICAST_IF), so what Janus sends to 127.0.0.1
    /// leaves through that interface and is lost. Between two addresses of this host the kernel
    /// delivers over the loopback device: nothing reaches the wire.
    /// </summary>
    public IPAddress PeerAddress => CandidateAddress
        ?? throw new InvalidOperationException($"ice_enforce_list '{IceEnforce}' names no IPv4 address of this host to bind peers to.");

    public (int Min, int Max) RtpPorts { get; }

    /// <summary>The version string from /janus/info, e.g. "1.1.2".</summary>
    public string Version { get; private set; } = "";

    /// <summary>Starts Janus and waits until it serves the Janus API with the VideoRoom plugin loaded.</summary>
    public static async Task<JanusServer> StartAsync(JanusServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new JanusServerOptions();
        if (!File.Exists(options.Executable))
            throw new FileNotFoundException($"Janus is not installed at {options.Executable} (apt-get install -y --no-install-recommends janus).", options.Executable);
        var iceEnforce = JanusConfig.IceEnforce(options);
        Exception? last = null;
        for (var attempt = 0; attempt < StartAttempts; attempt++)
        {
            var server = Launch(options, iceEnforce);
            try
            {
                await server.WaitReadyAsync(cancellationToken);
                return server;
            }
            catch (JanusStartException e) when (e.ProcessExited && attempt + 1 < StartAttempts)
            {
                // Most likely the free port we picked was taken before Janus bound it: try another.
                last = e;
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
        throw last ?? new InvalidOperationException("Janus did not start.");
    }

    private static JanusServer Launch(JanusServerOptions options, string iceEnforce)
    {
        var folder = Directory.CreateTempSubdirectory("classroom-janus-").FullName;
        var port = ServerProcess.FreePort(options.HttpAddress);
        var rtpMin = options.RtpPortMin > 0 ? options.RtpPortMin : 20000 + (Random.Shared.Next(10) * 1000);
        var rtpMax = rtpMin + Math.Max(options.RtpPortCount, 10) - 1;
        var config = JanusConfig.Write(folder, options, port, iceEnforce, rtpMin, rtpMax);
        var start = new ProcessStartInfo(options.Executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        foreach (var argument in (string[])["--config", config, "--configs-folder", folder, "--disable-colors"]) start.ArgumentList.Add(argument);
        var process = new Process { StartInfo = CpuPinning.Apply(start), EnableRaisingEvents = true };
        var host = options.HttpAddress.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{options.HttpAddress}]" : options.HttpAddress.ToString();
        var server = new JanusServer(options, folder, process, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{host}:{port}/janus")), iceEnforce, rtpMin, rtpMax);
        process.OutputDataReceived += (_, e) => server.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => server.Remember(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var info = new Uri(BaseUrl + "/info");
        var deadline = Stopwatch.StartNew();
        string? lastProblem = null;
        while (deadline.Elapsed < _options.StartTimeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Process.HasExited) throw new JanusStartException($"Janus exited with code {Process.ExitCode} while starting. {Diagnostics()}", processExited: true);
            try
            {
                using var document = JsonDocument.Parse(await http.GetStringAsync(info, cancellationToken));
                var root = document.RootElement;
                if (root.TryGetProperty("plugins", out var plugins) && plugins.TryGetProperty(VideoRoomPlugin, out _))
                {
                    Version = root.TryGetProperty("version_string", out var version) ? version.GetString() ?? "" : "";
                    return;
                }
                lastProblem = "/janus/info does not list " + VideoRoomPlugin;
            }
            catch (HttpRequestException e)
            {
                lastProblem = e.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                lastProblem = "/janus/info timed out";
            }
            catch (JsonException e)
            {
                lastProblem = "/janus/info is not JSON: " + e.Message;
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new JanusStartException($"Janus was not ready within {_options.StartTimeout.TotalSeconds:0} s ({lastProblem}). {Diagnostics()}", processExited: false);
    }

    /// <summary>The last lines Janus printed and logged, for error messages.</summary>
    public string Diagnostics()
    {
        string[] output;
        lock (_output) output = [.. _output];
        var log = "";
        try
        {
            if (File.Exists(LogPath)) log = string.Join('\n', File.ReadLines(LogPath).TakeLast(OutputLines));
        }
        catch (IOException)
        {
            // the log is best effort
        }
        return $"Output: {string.Join('\n', output)}\nLog ({LogPath}):\n{log}";
    }

    private void Remember(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > OutputLines) _output.Dequeue();
        }
    }

    /// <summary>SIGTERM (Janus closes its sessions and plugins), then SIGKILL after the stop timeout; the folder is removed.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!HasExited())
            {
                _ = NativeMethods.Kill(Process.Id, NativeMethods.SigTerm);
                using var graceful = new CancellationTokenSource(_options.StopTimeout);
                try
                {
                    await Process.WaitForExitAsync(graceful.Token);
                }
                catch (OperationCanceledException)
                {
                    Process.Kill(entireProcessTree: true);
                    using var killed = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await Process.WaitForExitAsync(killed.Token);
                }
            }
        }
        finally
        {
            Process.Dispose();
            try
            {
                Directory.Delete(ConfigFolder, recursive: true);
            }
            catch (IOException)
            {
                // a file still held open; the temp folder is cleaned by the system eventually
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private bool HasExited()
    {
        try
        {
            return Process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static class NativeMethods
    {
        public const int SigTerm = 15;

        // DllImport rather than LibraryImport: two ints need no marshalling, and the bench builds without unsafe code.
        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Kill(int pid, int signal);
    }
}

/// <summary>Janus did not come up: it exited (<see cref="ProcessExited"/>) or never answered /janus/info.</summary>
public sealed class JanusStartException : Exception
{
    public JanusStartException()
    {
    }

    public JanusStartException(string message) : base(message)
    {
    }

    public JanusStartException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public JanusStartException(string message, bool processExited) : base(message) => ProcessExited = processExited;

    public bool ProcessExited { get; }
}
