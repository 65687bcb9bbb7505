using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Classroom.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Debian's Firefox ESR inside a <see cref="PrivateNetwork"/>, driven over WebDriver BiDi by the small
/// Node package in tests/browsers (puppeteer-core; Playwright's Firefox needs a patched build that
/// cannot be fetched here). The driver runs inside the namespace too, because the BiDi endpoint is a
/// WebSocket on the browser's own loopback; it speaks JSON lines on stdin/stdout (see
/// tests/browsers/firefox-driver.mjs). Firefox runs headful under Xvfb (xvfb-run): headless Firefox
/// has no fake screen capture, a headful one shares the virtual screen without a prompt.
/// Every command has a bounded wait; dispose closes Firefox and kills the whole process tree.
/// </summary>
public sealed class FirefoxBrowser : IAsyncDisposable
{
    public const string FirefoxPath = "/usr/bin/firefox-esr";
    private const string XvfbRunPath = "/usr/bin/xvfb-run";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The driver's own waits are 30 s; this covers them with room for a slow machine.</summary>
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _log = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private int _nextId;
    private int _disposed;

    private FirefoxBrowser(Process process) => _process = process;

    /// <summary>Firefox's version, as the driver reported it (e.g. "firefox/153.8.0").</summary>
    public string Version { get; private set; } = string.Empty;

    /// <summary>The last lines the pages logged and the driver said, for a failure's message.</summary>
    public string RecentLog(int lines = 60) => string.Join('\n', _log.TakeLast(lines));

    /// <summary>
    /// Starts Firefox inside <paramref name="network"/>'s namespace with the server's plain-HTTP host
    /// treated as a secure context (camera, microphone and WebRTC need one).
    /// </summary>
    public static async Task<FirefoxBrowser> LaunchAsync(PrivateNetwork network)
    {
        Assert.True(File.Exists(FirefoxPath), "Firefox ESR is missing: run scripts/test.sh, which installs firefox-esr.");
        Assert.True(File.Exists(XvfbRunPath), "xvfb-run is missing: run scripts/test.sh, which installs xvfb.");
        var driver = Path.Combine(ServerProcess.RepositoryRoot(), "tests", "browsers", "firefox-driver.mjs");
        var modules = Path.Combine(ServerProcess.RepositoryRoot(), "tests", "browsers", "node_modules", "puppeteer-core");
        Assert.True(Directory.Exists(modules), "tests/browsers is not installed: run scripts/test.sh (npm ci there).");

        var start = new ProcessStartInfo(IpTool.Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // xvfb-run -a takes a free display number; the screen is small, it only has to exist.
        foreach (var argument in new[]
        {
            "netns", "exec", network.NamespaceName, XvfbRunPath, "-a", "-s", "-screen 0 1280x720x24", "node", driver,
            "--executable", FirefoxPath, "--headful", "--secure-origin", network.HostAddress.ToString(), "--idle-seconds", "600",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the Firefox driver.");
        var browser = new FirefoxBrowser(process);
        process.OutputDataReceived += (_, e) => browser.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line) browser.Remember("stderr: " + line);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var exited = process.WaitForExitAsync();
            var first = await Task.WhenAny(browser._ready.Task, exited, Task.Delay(StartTimeout));
            if (first != browser._ready.Task)
                throw new InvalidOperationException($"Firefox did not start{(first == exited ? " (the driver exited)" : $" within {StartTimeout.TotalSeconds} s")}:\n{browser.RecentLog()}");
            browser.Version = await browser._ready.Task;
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new tab in its own browser context (own cookies and storage), like a separate user.</summary>
    public async Task<FirefoxPage> NewPageAsync() => new(this, (await SendAsync(new JsonObject { ["op"] = "newPage" })).GetString()!);

    /// <summary>Sends one command and waits for its reply; a refusal becomes an exception with the driver's reason.</summary>
    internal async Task<JsonElement> SendAsync(JsonObject command)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var id = Interlocked.Increment(ref _nextId);
        command["id"] = id;
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        try
        {
            await _writeGate.WaitAsync();
            try
            {
                await _process.StandardInput.WriteLineAsync(command.ToJsonString());
                await _process.StandardInput.FlushAsync();
            }
            finally
            {
                _writeGate.Release();
            }
            var done = await Task.WhenAny(reply.Task, Task.Delay(CommandTimeout));
            if (done != reply.Task)
                throw new TimeoutException($"Firefox did not answer {command["op"]} within {CommandTimeout.TotalSeconds} s:\n{RecentLog()}");
            return await reply.Task;
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private void OnLine(string? line)
    {
        if (string.IsNullOrWhiteSpace(line)) return;
        JsonElement message;
        try
        {
            message = JsonDocument.Parse(line).RootElement.Clone();
        }
        catch (JsonException)
        {
            Remember("stdout: " + line);
            return;
        }
        if (message.TryGetProperty("event", out var name))
        {
            var text = message.TryGetProperty("text", out var t) ? t.GetString() : null;
            var page = message.TryGetProperty("page", out var p) ? p.GetString() : null;
            Remember($"{name.GetString()} {page}: {text}");
            if (name.GetString() == "ready") _ready.TrySetResult(message.GetProperty("version").GetString() ?? string.Empty);
            return;
        }
        if (!message.TryGetProperty("id", out var idElement) || !_pending.TryGetValue(idElement.GetInt32(), out var reply)) return;
        if (message.GetProperty("ok").GetBoolean()) reply.TrySetResult(message.GetProperty("value"));
        else reply.TrySetException(new InvalidOperationException($"Firefox: {message.GetProperty("error").GetString()}"));
    }

    private void Remember(string line)
    {
        _log.Enqueue(line.Length > 500 ? line[..500] : line);
        while (_log.Count > 400) _log.TryDequeue(out _);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            if (!_process.HasExited)
            {
                // Ask first (Firefox removes its temporary profile), then make sure.
                await _process.StandardInput.WriteLineAsync("""{"id":0,"op":"close"}""");
                _process.StandardInput.Close();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(grace.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // Killed below.
        }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        foreach (var reply in _pending.Values) reply.TrySetCanceled();
        _process.Dispose();
        _writeGate.Dispose();
    }
}

/// <summary>One Firefox tab, addressed by CSS selectors (the web client's data-testid attributes).</summary>
public sealed class FirefoxPage(FirefoxBrowser browser, string id)
{
    public static string TestId(string testId) => $"[data-testid=\"{testId}\"]";

    public Task GotoAsync(Uri url) => Send("goto", new() { ["url"] = url.ToString() });

    public Task FillAsync(string selector, string text) => Send("fill", new() { ["selector"] = selector, ["text"] = text });

    public Task ClickAsync(string selector) => Send("click", new() { ["selector"] = selector });

    public Task WaitForAsync(string selector) => Send("waitFor", new() { ["selector"] = selector });

    /// <summary>Runs a script before every script of each document the page loads (as Playwright's AddInitScript).</summary>
    public Task AddInitScriptAsync(string script) => Send("addInitScript", new() { ["script"] = script });

    /// <summary>Calls <paramref name="function"/> (a JavaScript function expression, may be async) and returns its JSON result.</summary>
    public Task<JsonElement> EvaluateAsync(string function) => Send("evaluate", new() { ["script"] = function });

    public Task CloseAsync() => Send("closePage", []);

    private Task<JsonElement> Send(string op, JsonObject fields)
    {
        fields["op"] = op;
        fields["page"] = id;
        return browser.SendAsync(fields);
    }
}
