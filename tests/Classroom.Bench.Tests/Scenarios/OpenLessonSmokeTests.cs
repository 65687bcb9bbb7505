using Classroom.Bench.Media;
using Classroom.Bench.Scenarios.OpenLesson;

namespace Classroom.Bench.Tests.Scenarios;

/// <summary>
/// A few seconds of the open-lesson scenario against both our relay and Janus: two branch displays
/// behind 512 kbit/s lines receive the teacher's audio and video from each.
/// </summary>
public sealed class OpenLessonSmokeTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("bench-open-lesson-").FullName;

    [Fact]
    public async Task Displays_behind_branch_lines_receive_the_lesson_from_our_relay_and_from_janus()
    {
        var settings = new OpenLessonSettings
        {
            Displays = 2,
            Duration = TimeSpan.FromSeconds(2),
            WarmUp = TimeSpan.FromSeconds(1),
            Targets = [new ClassroomTarget(), new JanusTarget()],
            OutDirectory = _out,
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var report = await OpenLessonScenario.RunAsync(settings, timeout.Token);

        var rows = report.Tables.Single().Rows;
        Assert.Equal(["classroom", "janus"], rows.Select(r => (string)r[0]!));
        foreach (var row in rows)
        {
            // target, displays, audio delivered %, audio on time %, audio p50, audio p99, video delivered %, ...
            Assert.True((double)row[2]! > 90, $"{row[0]}: audio delivered {row[2]} %");
            Assert.True((double)row[6]! > 90, $"{row[0]}: video delivered {row[6]} %");
            Assert.True((double)row[4]! >= 40, $"{row[0]}: audio p50 {row[4]} ms is below the line's own 40 ms delay");
        }
        Assert.True(report.Summary.ContainsKey("classroom / janus: CPU per forwarded packet"));
    }

    public void Dispose() => Directory.Delete(_out, recursive: true);
}
