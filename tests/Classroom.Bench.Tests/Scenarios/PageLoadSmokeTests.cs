using Classroom.Bench.Scenarios.PageLoad;

namespace Classroom.Bench.Tests.Scenarios;

/// <summary>
/// One first and one repeat visit of the student page in headless Chromium through a fast emulated
/// line, over HTTPS with the server's own certificate trusted: compressed on the first visit, taken
/// from the browser's cache on the repeat visit (only the page revalidated).
/// </summary>
public sealed class PageLoadSmokeTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("bench-page-load-").FullName;

    [Fact]
    public async Task The_student_page_comes_compressed_the_first_time_and_from_the_cache_the_next()
    {
        var settings = new PageLoadSettings
        {
            LinkBitsPerSecond = 4_000_000,
            Delay = TimeSpan.FromMilliseconds(5),
            Runs = 1,
            Modes = [PageLoadMode.Https],
            OutDirectory = _out,
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var report = await PageLoadScenario.RunAsync(settings, timeout.Token);

        var rows = report.Tables.Single().Rows;
        // mode, visit, visible s, load s, KB down, KB up, requests, from cache
        var first = rows.Single(r => (string)r[1]! == "first");
        var repeat = rows.Single(r => (string)r[1]! == "repeat");
        var clientKilobytes = Directory.GetFiles(Path.Combine(Classroom.Testing.Servers.ServerProcess.RepositoryRoot(), "src", "Classroom.Server", "client", "assets"))
            .Where(f => !f.EndsWith(".br", StringComparison.Ordinal) && !f.EndsWith(".gz", StringComparison.Ordinal))
            .Sum(f => new FileInfo(f).Length) / 1024.0;
        Assert.True((double)first[4]! < clientKilobytes / 2, $"first visit: {first[4]} KB down for {clientKilobytes:0} KB of assets: not compressed?");
        Assert.True((double)repeat[4]! < 10, $"repeat visit: {repeat[4]} KB down: not from the cache?");
        Assert.Equal((int)repeat[6]! - 1, (int)repeat[7]!);
        Assert.Equal(0, (int)first[7]!);
    }

    public void Dispose() => Directory.Delete(_out, recursive: true);
}
