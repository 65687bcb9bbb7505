using System.CommandLine;
using Classroom.Bench.Scenarios.Forwarding;

namespace Classroom.Bench.Scenarios.OpenLesson;

public static class OpenLessonCommand
{
    public static Command Create()
    {
        var displays = new Option<int>("--displays") { Description = "Branch buildings' display screens.", DefaultValueFactory = _ => 20 };
        var link = new Option<int>("--link-kbps") { Description = "Each branch's line, both ways.", DefaultValueFactory = _ => 512 };
        var video = new Option<int>("--video-kbps") { Description = "The teacher's camera bitrate.", DefaultValueFactory = _ => 350 };
        var seconds = new Option<double>("--seconds") { Description = "Length of the stream per target.", DefaultValueFactory = _ => 30 };
        var targets = new Option<string>("--targets") { Description = "classroom, janus (comma-separated).", DefaultValueFactory = _ => "classroom,janus" };
        var output = new Option<string?>("--out") { Description = "Results folder (default bench/results)." };
        var command = new Command("open-lesson", "An open lesson streamed to branch buildings' displays over 512 kbit/s lines, against our relay and Janus.")
        {
            displays, link, video, seconds, targets, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new OpenLessonSettings
            {
                Displays = parse.GetValue(displays),
                LinkBitsPerSecond = parse.GetValue(link) * 1000,
                VideoBitsPerSecond = parse.GetValue(video) * 1000,
                Duration = TimeSpan.FromSeconds(parse.GetValue(seconds)),
                Targets = ForwardingCommand.TargetsFrom(parse.GetValue(targets)!),
            };
            if (parse.GetValue(output) is { } dir) settings = settings with { OutDirectory = dir };
            var report = await OpenLessonScenario.RunAsync(settings, cancellationToken);
            report.Print();
            Console.WriteLine($"result: {await report.WriteAsync(settings.OutDirectory, cancellationToken)}");
            return 0;
        });
        return command;
    }
}
