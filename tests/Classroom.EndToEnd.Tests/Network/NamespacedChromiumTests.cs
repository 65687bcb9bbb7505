using Classroom.EndToEnd.Tests.Infrastructure;

namespace Classroom.EndToEnd.Tests.Network;

/// <summary>The namespaced Chromium itself, checked from the outside: where it runs and with which switches.</summary>
[Collection(MediaNetworkFixture.CollectionName)]
public sealed class NamespacedChromiumTests(MediaNetworkFixture fixture)
{
    [Fact]
    public async Task Chromium_runs_inside_the_namespace_with_our_flags_and_one_merged_disable_features()
    {
        // The browser process is the one Playwright talks to over the pipe; ip lists it in our namespace.
        var inside = await fixture.Network.ProcessIdsInsideAsync();
        var commandLines = inside.Select(CommandLine).Where(c => c.Contains("--remote-debugging-pipe")).ToList();
        var browser = Assert.Single(commandLines);

        Assert.Contains("--use-fake-device-for-media-stream", browser);
        Assert.Contains($"--unsafely-treat-insecure-origin-as-secure={fixture.ServerUrl.GetLeftPart(UriPartial.Authority)}", browser);
        var disabled = Assert.Single(browser, a => a.StartsWith("--disable-features=", StringComparison.Ordinal));
        var features = disabled["--disable-features=".Length..].Split(',');
        Assert.Contains("WebRtcHideLocalIpsWithMdns", features);
        // Playwright's own list survives too (it is longer than ours and not ours to name).
        Assert.True(features.Length > 1, disabled);
    }

    private static string[] CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            // The process ended between listing and reading.
            return [];
        }
    }
}
