using Classroom.Bench.Scenarios.Lesson;
using Classroom.LinkEmulator;

namespace Classroom.Bench.Tests.Scenarios;

/// <summary>
/// A few seconds of the lesson scenario: four students, one per rural link profile, each behind its
/// own emulated link for signalling and media, all get in, get every chat message and hear the teacher.
/// </summary>
public sealed class LessonSmokeTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("bench-lesson-").FullName;

    [Fact]
    public async Task Students_on_every_rural_profile_join_chat_and_receive_the_teachers_media()
    {
        var settings = new LessonSettings
        {
            Students = 4,
            Profiles = [LinkProfiles.VillageAdsl, LinkProfiles.Rural3G, LinkProfiles.Satellite, LinkProfiles.Worst],
            Duration = TimeSpan.FromSeconds(4),
            ChatInterval = TimeSpan.FromMilliseconds(500),
            OutDirectory = _out,
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var report = await LessonScenario.RunAsync(settings, timeout.Token);

        var rows = report.Tables.Single().Rows;
        Assert.Equal(4, rows.Count);
        foreach (var row in rows)
        {
            // profile, students, joined, join p50, join p99, chat delivered %, chat p50, chat p99, audio delivered %, ...
            Assert.Equal(1, row[2]);
            Assert.Equal(100.0, (double)row[5]!);
            Assert.True((double)row[8]! > 50, $"{row[0]}: audio delivered {row[8]} %");
            Assert.True((double)row[12]! > 50, $"{row[0]}: video delivered {row[12]} %");
        }
        Assert.True((int)report.Summary["chat messages sent"]! > 0);
        Assert.Contains(report.Goals, g => g.Name == "worst: chat delivered" && g.Met);
        Assert.True(new FileInfo(report.Charts.Single()).Length > 1000);
    }

    public void Dispose() => Directory.Delete(_out, recursive: true);
}
