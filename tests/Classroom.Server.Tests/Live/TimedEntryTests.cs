using Classroom.Contracts;
using Classroom.Server.Tests.Infrastructure;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Classroom.Server.Tests.Live;

/// <summary>Timed entry end to end: the server's clock (faked) opens the window and lets waiting students in.</summary>
public sealed class TimedEntryTests : HostedTest
{
    [Fact]
    public async Task An_early_student_waits_with_the_server_countdown_and_is_let_in_when_the_window_opens()
    {
        var startsAt = Host.Time.GetUtcNow().AddMinutes(30);
        var school = await School.CreateAsync(Host, students: 2, startsAt);
        await using var anna = await Host.NewSession().ConnectAsync(Wire.MessagePack);
        var waiting = await anna.JoinAsync(school.CodeOf(0));

        Assert.Equal(JoinStatus.Waiting, waiting.Status);
        Assert.Null(waiting.Snapshot);
        Assert.Equal(startsAt.AddMinutes(-10).UtcDateTime, waiting.OpensAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(Host.Time.GetUtcNow().UtcDateTime, waiting.ServerNow, TimeSpan.FromMilliseconds(1));
        Assert.Equal("Ученик 01", waiting.Waiting!.YourName);
        Assert.Equal("9А", waiting.Waiting.ClassName);
        // Waiting is not being in the lesson.
        Assert.Equal("not_joined", await HubClient.ErrorCodeOf(() => anna.SendChatAsync("я тут")));

        Host.Time.Advance(TimeSpan.FromMinutes(19));
        await Task.Delay(300);
        Assert.False(anna.Admitted.IsCompleted);

        Host.Time.Advance(TimeSpan.FromMinutes(1));
        var snapshot = await anna.Admitted;
        Assert.Equal(school.Lesson.Id, snapshot.LessonId);
        Assert.Equal(1, snapshot.Phase);
        Assert.Single(snapshot.Participants);
        Assert.True(await anna.SendChatAsync("Здравствуйте!") > 0);
    }

    [Fact]
    public async Task The_teacher_opening_early_lets_every_waiting_student_in_at_once()
    {
        var school = await School.CreateAsync(Host, students: 3, Host.Time.GetUtcNow().AddHours(1));
        await using var teacher = await school.Teacher.ConnectAsync();
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        var students = new List<HubClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var client = await Host.NewSession().ConnectAsync();
                students.Add(client);
                Assert.Equal(JoinStatus.Waiting, (await client.JoinAsync(school.CodeOf(i))).Status);
            }
            // A waiting student is not in the lesson and cannot touch its clock.
            Assert.Equal("not_joined", await HubClient.ErrorCodeOf(() => students[0].Connection.InvokeAsync(HubMethods.OpenEarly)));

            await teacher.Connection.InvokeAsync(HubMethods.OpenEarly);
            // They come in one after another: each snapshot holds the teacher, those before, and themselves.
            var counts = new List<int>();
            foreach (var s in students) counts.Add((await s.Admitted).Participants.Count);
            Assert.Equal([2, 3, 4], counts.Order());
            await teacher.WaitUntilAsync(c => c.Joined.Count == 3 && c.Phases.Count == 1);
            Assert.Equal(1, teacher.Phases[0].Phase);

            var lesson = await school.Teacher.GetAsync<Classroom.Server.Lessons.LessonView>($"/api/lessons/{school.Lesson.Id}");
            Assert.NotNull(lesson.OpenedEarlyAt);
            Assert.Equal(1, lesson.Phase);
        }
        finally
        {
            foreach (var s in students) await s.DisposeAsync();
        }
    }

    [Fact]
    public async Task Late_and_wrong_entries_get_clear_errors_and_change_nothing()
    {
        var school = await School.CreateAsync(Host, students: 2, Host.Time.GetUtcNow().AddMinutes(-50), durationMinutes: 45);
        var otherClass = await school.Teacher.PostAsync<Classroom.Server.Classes.ClassSummary>("/api/classes", new { name = "10Б" });
        var other = await school.Teacher.PostAsync<Classroom.Server.Classes.ClassView>($"/api/classes/{otherClass.Id}/students", new { text = "Чужой Ученик" });
        await using var client = await Host.NewSession().ConnectAsync();

        Assert.Equal("entry.closed", await HubClient.ErrorCodeOf(() => client.JoinAsync(school.CodeOf(0))));
        Assert.Equal("entry.unknown_code", await HubClient.ErrorCodeOf(() => client.JoinAsync("ZZZZ-ZZZZ-ZZ")));
        Assert.Equal("entry.unknown_code", await HubClient.ErrorCodeOf(() => client.JoinAsync("not a code at all <b>")));
        Assert.Equal("entry.not_on_roster", await HubClient.ErrorCodeOf(() => client.JoinAsync(other.Students[0].Code, lessonId: school.Lesson.Id)));
        Assert.Equal("entry.no_lesson", await HubClient.ErrorCodeOf(() => client.JoinAsync(other.Students[0].Code)));
        Assert.Equal("forbidden", await HubClient.ErrorCodeOf(() => client.JoinAsync(lessonId: school.Lesson.Id)));
        Assert.Equal("bad_request", await HubClient.ErrorCodeOf(() => client.JoinAsync()));

        // After all that, the same connection still works for a lesson it may enter.
        var lesson2 = await school.Teacher.PostAsync<Classroom.Server.Lessons.LessonView>($"/api/cabinets/{school.Cabinet.Id}/lessons",
            new { classId = otherClass.Id, startsAt = Host.Time.GetUtcNow(), durationMinutes = 45 });
        var joined = await client.JoinAsync(other.Students[0].Code);
        Assert.Equal(lesson2.Id, joined.LessonId);
        Assert.Equal(JoinStatus.Admitted, joined.Status);
        Assert.Equal("already_joined", await HubClient.ErrorCodeOf(() => client.JoinAsync(other.Students[0].Code)));
    }

    [Fact]
    public async Task A_lesson_the_teacher_forgets_to_end_closes_itself_after_the_overrun_grace()
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow(), durationMinutes: 45);
        await using var anna = await Host.NewSession().ConnectAsync();
        await anna.JoinAsync(school.CodeOf(0));
        Host.Time.Advance(TimeSpan.FromMinutes(45 + 30));
        await anna.Ended;
        await anna.Closed;
        var lesson = await school.Teacher.GetAsync<Classroom.Server.Lessons.LessonView>($"/api/lessons/{school.Lesson.Id}");
        Assert.Equal(3, lesson.Phase);
    }

    [Fact]
    public async Task While_the_previous_lesson_overruns_a_code_leads_to_the_next_period()
    {
        var first = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow(), durationMinutes: 45);
        var second = await first.Teacher.PostAsync<Classroom.Server.Lessons.LessonView>($"/api/cabinets/{first.Cabinet.Id}/lessons",
            new { classId = first.Class.Id, startsAt = Host.Time.GetUtcNow().AddMinutes(55), durationMinutes = 45 });
        await using var teacher = await first.Teacher.ConnectAsync();
        await teacher.JoinAsync(lessonId: first.Lesson.Id);

        // 50 minutes in: lesson 1 is over its time but not ended; lesson 2's window opened 5 minutes ago.
        Host.Time.Advance(TimeSpan.FromMinutes(50));
        await using var anna = await Host.NewSession().ConnectAsync();
        var joined = await anna.JoinAsync(first.CodeOf(0));
        Assert.Equal(second.Id, joined.LessonId);
        Assert.Equal(JoinStatus.Admitted, joined.Status);
    }

    [Fact]
    public async Task A_display_screen_receives_chat_but_not_who_comes_and_goes()
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow());
        var link = await school.Teacher.PostAsync<Classroom.Server.Lessons.LinkView>($"/api/lessons/{school.Lesson.Id}/links", new { role = "display" });
        await using var teacher = await school.Teacher.ConnectAsync();
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        await using var display = await Host.NewSession().ConnectAsync();
        await display.JoinAsync(link.Token);
        await using var anna = await Host.NewSession().ConnectAsync();
        await anna.JoinAsync(school.CodeOf(0));
        var seq = await teacher.SendChatAsync("Начинаем");
        await display.WaitUntilAsync(c => c.Chat.Any(m => m.Seq == seq));
        await teacher.WaitUntilAsync(c => c.Joined.Count == 2);
        Assert.Empty(display.Joined);
    }

    [Fact]
    public async Task Lessons_at_absurd_times_are_refused_with_a_code_and_the_list_stays_readable()
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow());
        foreach (var startsAt in new[] { "0001-01-01T00:00:00Z", "9999-12-31T23:00:00Z", Host.Time.GetUtcNow().AddYears(2).ToString("O") })
        {
            var response = await school.Teacher.Http.PostAsJsonAsync($"/api/cabinets/{school.Cabinet.Id}/lessons",
                new { classId = school.Class.Id, startsAt, durationMinutes = 120 });
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("lesson.invalid_schedule", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Single(await school.Teacher.GetAsync<List<Classroom.Server.Lessons.LessonView>>($"/api/cabinets/{school.Cabinet.Id}/lessons"));
        await using var anna = await Host.NewSession().ConnectAsync();
        Assert.Equal(JoinStatus.Admitted, (await anna.JoinAsync(school.CodeOf(0))).Status);
    }
}
