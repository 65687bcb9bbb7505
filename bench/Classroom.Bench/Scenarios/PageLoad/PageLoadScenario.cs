using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Classroom.Bench.Infrastructure;
using Classroom.Bench.Reporting;
using Classroom.LinkEmulator;
using Classroom.Testing.Servers;
using Microsoft.Playwright;
using Spectre.Console;

namespace Classroom.Bench.Scenarios.PageLoad;

/// <summary>One visit: how long until the student sees the code form, and what it cost on the line.</summary>
public sealed record PageVisit(double VisibleSeconds, double LoadSeconds, long BytesDown, long BytesUp, int Requests, int FromCache);

/// <summary>
/// The student page (/j, the code form) loaded by headless Chromium through our link emulator's TCP
/// proxy shaped like a slow line, so compression, round trips and the browser's own cache are what a
/// student gets: a first visit with an empty profile, then a repeat visit with the same profile after
/// the browser was closed (a new connection, the disk cache kept), as a student coming back the next
/// day. Per mode: plain HTTP, HTTPS on a device that trusts the school CA, and HTTPS on a device that
/// only clicked "proceed" (Chromium caches nothing from a page with a certificate error).
/// </summary>
public static class PageLoadScenario
{
    private static readonly string[] ChromiumFlags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-features=MediaRouter,OptimizationHints",
    ];

    public static async Task<ScenarioReport> RunAsync(PageLoadSettings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.ChromiumPath)) throw new FileNotFoundException("Chromium is missing (apt-get install chromium).", settings.ChromiumPath);
        var report = new ScenarioReport("page-load");
        report.Parameters["linkKbps"] = settings.LinkBitsPerSecond / 1000;
        report.Parameters["delayMs"] = settings.Delay.TotalMilliseconds;
        report.Parameters["runs"] = settings.Runs;
        report.Parameters["server"] = settings.ServerDll ?? "this checkout";
        report.Parameters["path"] = "/" + settings.Path;
        var table = report.Table("student page, median of runs", "mode", "visit", "code form visible s", "load event s", "KB down", "KB up", "requests", "from cache");
        using var playwright = await Playwright.CreateAsync();
        foreach (var mode in settings.Modes)
        {
            var name = PageLoadCommand.Name(mode);
            AnsiConsole.MarkupLine($"[bold]{name}[/]: {settings.Runs} × (first visit, repeat visit) over {Markup.Escape(settings.Link.ToString())}");
            await using var server = await BenchServer.StartAsync(IPAddress.Loopback, cancellationToken: cancellationToken, https: mode != PageLoadMode.Http, serverDll: settings.ServerDll);
            var upstream = new IPEndPoint(IPAddress.Loopback, server.BaseAddress.Port);
            await using var line = TcpLinkProxy.Start(new IPEndPoint(IPAddress.Loopback, 0), upstream, settings.Link);
            var url = new Uri($"{server.BaseAddress.Scheme}://127.0.0.1:{line.LocalEndPoint.Port}/{settings.Path}");
            var trust = TrustFlags(mode, server);
            var first = new List<PageVisit>();
            var repeat = new List<PageVisit>();
            for (var run = 0; run < settings.Runs; run++)
            {
                var profile = Directory.CreateTempSubdirectory("bench-chromium-");
                try
                {
                    first.Add(await VisitAsync(playwright, settings, profile.FullName, trust, url, line, cancellationToken));
                    repeat.Add(await VisitAsync(playwright, settings, profile.FullName, trust, url, line, cancellationToken));
                }
                finally
                {
                    profile.Delete(recursive: true);
                }
                AnsiConsole.MarkupLine($"  run {run + 1}: first {first[^1].VisibleSeconds:0.00} s / {first[^1].BytesDown / 1024.0:0.0} KB, repeat {repeat[^1].VisibleSeconds:0.00} s / {repeat[^1].BytesDown / 1024.0:0.0} KB");
            }
            foreach (var (visit, visits) in new[] { ("first", first), ("repeat", repeat) })
            {
                var median = Median(visits);
                table.Rows.Add([name, visit, Math.Round(median.VisibleSeconds, 2), Math.Round(median.LoadSeconds, 2), Math.Round(median.BytesDown / 1024.0, 1),
                    Math.Round(median.BytesUp / 1024.0, 1), median.Requests, median.FromCache]);
                report.Summary[$"{name} {visit}: visible s"] = Math.Round(median.VisibleSeconds, 2);
                report.Summary[$"{name} {visit}: KB down"] = Math.Round(median.BytesDown / 1024.0, 1);
            }
            if (mode == PageLoadMode.Https)
            {
                var firstVisible = Median(first).VisibleSeconds;
                var repeatBytes = Median(repeat).BytesDown;
                report.Goal($"first visit over HTTPS at {settings.LinkBitsPerSecond / 1000} kbit/s: code form visible (s)", Math.Round(firstVisible, 2), "≤ 3 s", firstVisible <= 3);
                report.Goal("repeat visit: KB down the line", Math.Round(repeatBytes / 1024.0, 1), "≤ 10 KB (only the page revalidated)", repeatBytes <= 10 * 1024);
            }
        }
        report.Notes.Add("KB down/up: bytes through the emulated line (TLS, HTTP headers and all). Repeat visit: the same browser profile after a restart (new connection, disk cache kept).");
        return report;
    }

    /// <summary>
    /// How the browser trusts the server: a device that installed the school CA is played by trusting
    /// exactly the server's public key (no certificate error, so the cache works); one that clicked
    /// "proceed" by ignoring certificate errors.
    /// </summary>
    private static string[] TrustFlags(PageLoadMode mode, ServerProcess server)
    {
        switch (mode)
        {
            case PageLoadMode.Https:
                using (var certificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(server.DataDirectory, "tls", "server.crt")))
                {
                    var spki = Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
                    return [$"--ignore-certificate-errors-spki-list={spki}"];
                }
            case PageLoadMode.HttpsProceeded:
                return ["--ignore-certificate-errors"];
            default:
                return [];
        }
    }

    private static async Task<PageVisit> VisitAsync(IPlaywright playwright, PageLoadSettings settings, string profile, string[] trust, Uri url, TcpLinkProxy line, CancellationToken cancellationToken)
    {
        await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = settings.ChromiumPath,
            Headless = true,
            Args = [.. ChromiumFlags, .. trust],
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
        });
        var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
        var down = line.Downlink.ForwardedBytes;
        var up = line.Uplink.ForwardedBytes;
        var stopwatch = Stopwatch.StartNew();
        await page.GotoAsync(url.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit, Timeout = 120_000 });
        await page.GetByTestId("code-input").WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
        var visible = stopwatch.Elapsed.TotalSeconds;
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new PageWaitForLoadStateOptions { Timeout = 120_000 });
        var timing = await page.EvaluateAsync<JsonElement>("""
            () => {
              const n = performance.getEntriesByType("navigation")[0];
              const r = performance.getEntriesByType("resource");
              return { load: n.loadEventEnd, requests: r.length + 1, fromCache: r.filter(e => e.transferSize === 0).length };
            }
            """);
        cancellationToken.ThrowIfCancellationRequested();
        return new PageVisit(visible, timing.GetProperty("load").GetDouble() / 1000, line.Downlink.ForwardedBytes - down, line.Uplink.ForwardedBytes - up,
            timing.GetProperty("requests").GetInt32(), timing.GetProperty("fromCache").GetInt32());
    }

    private static PageVisit Median(List<PageVisit> visits)
    {
        var sorted = visits.OrderBy(v => v.VisibleSeconds).ToList();
        return sorted[sorted.Count / 2];
    }
}
