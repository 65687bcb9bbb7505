using System.CommandLine;

namespace Classroom.Bench.Scenarios.PageLoad;

public static class PageLoadCommand
{
    public static Command Create()
    {
        var link = new Option<int>("--link-kbps") { Description = "The student's line, both ways.", DefaultValueFactory = _ => 256 };
        var delay = new Option<int>("--delay-ms") { Description = "One-way delay of the line.", DefaultValueFactory = _ => 40 };
        var runs = new Option<int>("--runs") { Description = "First + repeat visit pairs per mode (median reported).", DefaultValueFactory = _ => 3 };
        var modes = new Option<string>("--modes") { Description = "https, https-proceeded, http (comma-separated).", DefaultValueFactory = _ => "https,https-proceeded,http" };
        var serverDll = new Option<string?>("--server-dll") { Description = "Another build's Classroom.Server.dll (an older commit, for 'before')." };
        var output = new Option<string?>("--out") { Description = "Results folder (default bench/results)." };
        var command = new Command("page-load", "The student page's first and repeat load through a slow line, in headless Chromium with its own cache.")
        {
            link, delay, runs, modes, serverDll, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new PageLoadSettings
            {
                LinkBitsPerSecond = parse.GetValue(link) * 1000,
                Delay = TimeSpan.FromMilliseconds(parse.GetValue(delay)),
                Runs = parse.GetValue(runs),
                Modes = ModesFrom(parse.GetValue(modes)!),
                ServerDll = parse.GetValue(serverDll),
            };
            if (parse.GetValue(output) is { } dir) settings = settings with { OutDirectory = dir };
            var report = await PageLoadScenario.RunAsync(settings, cancellationToken);
            report.Print();
            Console.WriteLine($"result: {await report.WriteAsync(settings.OutDirectory, cancellationToken)}");
            return 0;
        });
        return command;
    }

    public static IReadOnlyList<PageLoadMode> ModesFrom(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(m => m.ToLowerInvariant() switch
        {
            "http" => PageLoadMode.Http,
            "https" => PageLoadMode.Https,
            "https-proceeded" => PageLoadMode.HttpsProceeded,
            _ => throw new ArgumentException($"Unknown mode '{m}': http, https, https-proceeded."),
        }).ToList();

    public static string Name(PageLoadMode mode) => mode switch
    {
        PageLoadMode.Http => "http",
        PageLoadMode.Https => "https",
        _ => "https-proceeded",
    };
}
