using Microsoft.Playwright;

namespace Classroom.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Screenshots of the views as test artifacts: TestResults/screenshots/ at the repository root
/// (scripts/test.sh keeps TestResults/ after a run; git ignores it). For people to look at, never
/// compared by a test.
/// </summary>
public static class Screenshots
{
    public static string Directory { get; } = Path.Combine(ServerProcess.RepositoryRoot(), "TestResults", "screenshots");

    /// <summary>Saves what the page shows (its viewport) as <paramref name="name"/>-WIDTHxHEIGHT.png.</summary>
    public static async Task SaveAsync(IPage page, string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var size = page.ViewportSize;
        var file = size is null ? $"{name}.png" : $"{name}-{size.Width}x{size.Height}.png";
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory, file) });
    }
}
