using Microsoft.Playwright;

namespace Classroom.EndToEnd.Tests.Browser;

/// <summary>
/// Debian's Chromium, driven by Playwright; Playwright never downloads a browser of its own.
/// Flags from ENVIRONMENT-NOTES: no background networking (the machine has no Internet), fake media.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), "Chromium is missing: run scripts/test.sh, which installs it.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            ],
        });
    }

    /// <summary>
    /// A context for the text features: media is switched off the way a user does it, because on
    /// loopback alone Chromium gathers no ICE candidate (media runs under MediaNetworkFixture).
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        var context = await Browser.NewContextAsync(options);
        await context.AddInitScriptAsync("try { localStorage.setItem('classroom.media', 'off'); } catch { }");
        return context;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
