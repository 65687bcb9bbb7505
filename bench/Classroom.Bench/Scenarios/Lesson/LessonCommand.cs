using System.CommandLine;
using Classroom.LinkEmulator;

namespace Classroom.Bench.Scenarios.Lesson;

public static class LessonCommand
{
    public static Command Create()
    {
        var students = new Option<int>("--students") { Description = "Students in the class.", DefaultValueFactory = _ => 30 };
        var profile = new Option<string>("--profile")
        {
            Description = $"Link profiles given to students in turn, comma-separated: {string.Join(", ", LinkProfiles.Names)}.",
            DefaultValueFactory = _ => "village-adsl,rural-3g,satellite,worst",
        };
        var seconds = new Option<double>("--seconds") { Description = "Length of the measured part of the lesson.", DefaultValueFactory = _ => 30 };
        var video = new Option<int>("--video-kbps") { Description = "The teacher's camera bitrate.", DefaultValueFactory = _ => 150 };
        var output = new Option<string?>("--out") { Description = "Results folder (default bench/results)." };
        var command = new Command("lesson", "One lesson: a teacher publishing audio and video, students each behind an emulated rural link.")
        {
            students, profile, seconds, video, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new LessonSettings
            {
                Students = parse.GetValue(students),
                Profiles = parse.GetValue(profile)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(LinkProfiles.Get).ToList(),
                Duration = TimeSpan.FromSeconds(parse.GetValue(seconds)),
                VideoBitsPerSecond = parse.GetValue(video) * 1000,
            };
            if (parse.GetValue(output) is { } dir) settings = settings with { OutDirectory = dir };
            var report = await LessonScenario.RunAsync(settings, cancellationToken);
            report.Print();
            Console.WriteLine($"result: {await report.WriteAsync(settings.OutDirectory, cancellationToken)}");
            return 0;
        });
        return command;
    }
}
