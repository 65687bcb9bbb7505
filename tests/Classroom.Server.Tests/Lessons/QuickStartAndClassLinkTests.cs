using System.Net;
using System.Net.Http.Json;
using Classroom.Contracts;
using Classroom.Core.Lessons;
using Classroom.Server.Classes;
using Classroom.Server.Lessons;
using Classroom.Server.Tests.Infrastructure;

namespace Classroom.Server.Tests.Lessons;

/// <summary>"Start a lesson now" and the standing class link.</summary>
public sealed class QuickStartAndClassLinkTests : HostedTest
{
    [Fact]
    public async Task Start_now_opens_entry_at_once_the_printed_codes_lead_in_and_a_second_click_gives_the_same_lesson()
    {
        var now = Host.Time.GetUtcNow();
        // The class has a lesson in cabinet 12 starting in 5 minutes: its window is open already, so
        // "start now" there gives that lesson rather than a second one beside it.
        var school = await School.CreateAsync(Host, students: 2, now.AddMinutes(5));
        var inTwelve = await school.Teacher.Http.PostAsJsonAsync($"/api/cabinets/{school.Cabinet.Id}/lessons/now", new { classId = school.Class.Id });
        Assert.Equal(HttpStatusCode.OK, inTwelve.StatusCode);
        Assert.Equal(school.Lesson.Id, (await inTwelve.Content.ReadFromJsonAsync<LessonView>())!.Id);

        // In another cabinet a new lesson starts now, and the printed codes lead into it (the latest opened).
        var lab = await school.Teacher.PostAsync<Classroom.Server.Cabinets.CabinetView>("/api/cabinets", new { name = "Лаборатория", subject = "Химия" });
        var started = await school.Teacher.Http.PostAsJsonAsync($"/api/cabinets/{lab.Id}/lessons/now", new { classId = school.Class.Id });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var lesson = (await started.Content.ReadFromJsonAsync<LessonView>())!;
        Assert.Equal((int)LessonPhase.InProgress, lesson.Phase);
        Assert.Equal(TimeSpan.FromMinutes(45), lesson.EndsAt - lesson.StartsAt);

        var again = await school.Teacher.Http.PostAsJsonAsync($"/api/cabinets/{lab.Id}/lessons/now", new { classId = school.Class.Id, durationMinutes = 90 });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(lesson.Id, (await again.Content.ReadFromJsonAsync<LessonView>())!.Id);

        await using var anna = await Host.NewSession().ConnectAsync();
        var joined = await anna.JoinAsync(school.CodeOf(0));
        Assert.Equal((JoinStatus.Admitted, lesson.Id), (joined.Status, joined.LessonId));
    }

    [Fact]
    public async Task Start_now_checks_the_class_the_cabinet_and_the_duration()
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow().AddDays(1));
        using var other = await Host.NewTeacherAsync("other");
        var theirs = await other.PostAsync<ClassSummary>("/api/classes", new { name = "11А" });
        var path = $"/api/cabinets/{school.Cabinet.Id}/lessons/now";
        Assert.Equal(HttpStatusCode.NotFound, (await school.Teacher.Http.PostAsJsonAsync(path, new { classId = theirs.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.PostAsJsonAsync(path, new { classId = theirs.Id })).StatusCode);
        var tooLong = await school.Teacher.Http.PostAsJsonAsync(path, new { classId = school.Class.Id, durationMinutes = 600 });
        Assert.Contains("lesson.invalid_schedule", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var custom = await school.Teacher.PostAsync<LessonView>(path, new { classId = school.Class.Id, durationMinutes = 30, title = "Консультация" });
        Assert.Equal(("Консультация", TimeSpan.FromMinutes(30)), (custom.Title, custom.EndsAt - custom.StartsAt));
    }

    [Fact]
    public async Task The_class_link_shows_the_current_or_next_lesson_to_anyone_with_it_and_a_new_token_retires_the_old()
    {
        var now = Host.Time.GetUtcNow();
        var school = await School.CreateAsync(Host, students: 1, now.AddHours(2));
        var token = (await school.Teacher.GetAsync<ClassView>($"/api/classes/{school.Class.Id}")).LinkToken!;
        Assert.Equal(24, token.Length);
        using var stranger = Host.NewSession();

        var before = await stranger.GetAsync<ClassLinkView>($"/api/class-links/{token}");
        Assert.Equal("9А", before.ClassName);
        Assert.Null(before.Current);
        Assert.Equal(("Законы Ньютона", "Кабинет 12", (int)LessonPhase.Scheduled), (before.Next!.Title, before.Next.CabinetName, before.Next.Phase));
        Assert.False(string.IsNullOrEmpty(before.TimeZone));

        var quick = await school.Teacher.PostAsync<LessonView>($"/api/cabinets/{school.Cabinet.Id}/lessons/now", new { classId = school.Class.Id, title = "Срочный урок" });
        var during = await stranger.GetAsync<ClassLinkView>($"/api/class-links/{token}");
        Assert.Equal(("Срочный урок", (int)LessonPhase.InProgress), (during.Current!.Title, during.Current.Phase));
        Assert.Equal("Законы Ньютона", during.Next!.Title);
        Assert.Equal(quick.StartsAt, during.Current.StartsAt);

        var renewed = await school.Teacher.PostAsync<ClassLinkTokenView>($"/api/classes/{school.Class.Id}/link", new { });
        Assert.NotEqual(token, renewed.LinkToken);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/api/class-links/{token}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync("/api/class-links/not-a-token")).StatusCode);
        Assert.Equal("9А", (await stranger.GetAsync<ClassLinkView>($"/api/class-links/{renewed.LinkToken}")).ClassName);
        // Only the owner renews it.
        using var other = await Host.NewTeacherAsync("other");
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.PostAsync($"/api/classes/{school.Class.Id}/link", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.Http.PostAsync($"/api/classes/{school.Class.Id}/link", null)).StatusCode);
    }
}
