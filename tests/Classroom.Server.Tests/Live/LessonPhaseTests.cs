using Classroom.Contracts;
using Classroom.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Tests.Live;

/// <summary>
/// What a console or a display learns about the lesson without reloading: the phase as the server's
/// clock moves it on, and the facts a branch display shows (the lesson's title, the school's name).
/// </summary>
public sealed class LessonPhaseTests : HostedTest
{
    private const string SchoolName = "МБОУ СОШ № 2 с. Ивановка";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Classroom:SchoolName"] = SchoolName };

    [Fact]
    public async Task A_console_opened_before_the_window_hears_the_phase_move_on_when_the_window_opens_and_the_lesson_starts()
    {
        var startsAt = Host.Time.GetUtcNow().AddMinutes(30);
        var school = await School.CreateAsync(Host, students: 1, startsAt, entryOpensMinutesBefore: 10);
        await using var teacher = await school.Teacher.ConnectAsync(Wire.MessagePack);
        var joined = await teacher.JoinAsync(lessonId: school.Lesson.Id);
        Assert.Equal(0, joined.Snapshot!.Phase);

        // The window opens by the clock (nobody pressed "open now"): the console is told.
        Host.Time.Advance(TimeSpan.FromMinutes(20));
        await teacher.WaitUntilAsync(c => c.Phases.Count >= 1);
        Assert.Equal(1, teacher.Phases[0].Phase);
        Assert.Equal(school.Lesson.Id, teacher.Phases[0].LessonId);
        Assert.Equal(Host.Time.GetUtcNow().UtcDateTime, teacher.Phases[0].ServerNow, TimeSpan.FromSeconds(2));

        // The start time passes: in progress.
        Host.Time.Advance(TimeSpan.FromMinutes(10));
        await teacher.WaitUntilAsync(c => c.Phases.Count >= 2);
        Assert.Equal(2, teacher.Phases[1].Phase);

        // Told once per change: more ticks add nothing. A chat message sent after them arrives after
        // anything those ticks published (one ordered outbox per room).
        for (var i = 0; i < 5; i++) Host.Time.Advance(TimeSpan.FromSeconds(1));
        await using var student = await Host.NewSession().ConnectAsync(Wire.MessagePack);
        var entered = await student.JoinAsync(school.CodeOf(0));
        Assert.Equal(2, entered.Snapshot!.Phase);
        await student.SendChatAsync("Здравствуйте");
        await teacher.WaitUntilAsync(c => c.Chat.Count == 1);
        Assert.Equal(2, teacher.Phases.Count);
    }

    [Fact]
    public async Task Opening_early_is_told_once_and_the_clock_does_not_repeat_it()
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow().AddHours(1));
        await using var teacher = await school.Teacher.ConnectAsync();
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        await teacher.Connection.InvokeAsync(HubMethods.OpenEarly);
        await teacher.WaitUntilAsync(c => c.Phases.Count >= 1);
        Assert.Equal(1, teacher.Phases[0].Phase);

        for (var i = 0; i < 5; i++) Host.Time.Advance(TimeSpan.FromSeconds(1));
        await using var student = await Host.NewSession().ConnectAsync();
        await student.JoinAsync(school.CodeOf(0));
        await student.SendChatAsync("Я здесь");
        await teacher.WaitUntilAsync(c => c.Chat.Count == 1);
        Assert.Single(teacher.Phases);
    }

    [Fact]
    public async Task The_snapshot_and_the_waiting_screen_carry_the_lesson_title_and_the_school_name()
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow().AddMinutes(30));
        await using var student = await Host.NewSession().ConnectAsync(Wire.MessagePack);
        var waiting = await student.JoinAsync(school.CodeOf(0));
        Assert.Equal(JoinStatus.Waiting, waiting.Status);
        Assert.Equal("Законы Ньютона", waiting.Waiting!.Title);
        Assert.Equal(SchoolName, waiting.Waiting.SchoolName);

        await using var teacher = await school.Teacher.ConnectAsync(Wire.Json);
        var snapshot = (await teacher.JoinAsync(lessonId: school.Lesson.Id)).Snapshot!;
        Assert.Equal("Законы Ньютона", snapshot.Title);
        Assert.Equal(SchoolName, snapshot.SchoolName);
    }

    [Theory]
    [InlineData("Школа\nподделанная строка журнала")]
    [InlineData("Школа\u0007")]
    public async Task A_school_name_that_is_not_one_line_of_text_stops_the_server_at_start(string name)
    {
        var data = Directory.CreateTempSubdirectory("classroom-test-").FullName;
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                await using var _ = ClassroomHost.Start(data, settings: new Dictionary<string, string> { ["Classroom:SchoolName"] = name });
            });
            var validation = error as OptionsValidationException ?? error.InnerException as OptionsValidationException;
            Assert.NotNull(validation);
            Assert.Contains("SchoolName", validation.Message, StringComparison.Ordinal);
        }
        finally
        {
            ClassroomHost.DeleteData(data);
        }
    }
}
