using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Classroom.Contracts;
using Classroom.Core.Participants;
using Classroom.Server.Lessons;
using Classroom.Server.Tests.Infrastructure;

namespace Classroom.Server.Tests.Live;

/// <summary>Observer, display-screen and co-teacher links issued per lesson.</summary>
public sealed class LinkTests : HostedTest
{
    [Fact]
    public async Task Observers_name_themselves_displays_only_receive_and_co_teachers_must_log_in()
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow());
        var observerLink = await school.Teacher.PostAsync<LinkView>($"/api/lessons/{school.Lesson.Id}/links", new { role = "observer" });
        var displayLink = await school.Teacher.PostAsync<LinkView>($"/api/lessons/{school.Lesson.Id}/links", new { role = "display" });
        var coLink = await school.Teacher.PostAsync<LinkView>($"/api/lessons/{school.Lesson.Id}/links", new { role = "coteacher" });
        Assert.Equal(["observer", "display", "coteacher"], [observerLink.Role, displayLink.Role, coLink.Role]);
        var listed = await school.Teacher.GetAsync<List<LinkView>>($"/api/lessons/{school.Lesson.Id}/links");
        Assert.Equal(["coteacher", "display", "observer"], listed.Select(l => l.Role).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, (await school.Teacher.Http.PostAsJsonAsync($"/api/lessons/{school.Lesson.Id}/links", new { role = "teacher" })).StatusCode);

        await using var teacher = await school.Teacher.ConnectAsync();
        var teacherId = (await teacher.JoinAsync(lessonId: school.Lesson.Id)).Snapshot!.You.Id;
        await using var student = await Host.NewSession().ConnectAsync();
        await student.JoinAsync(school.CodeOf(0));

        await using var observer = await Host.NewSession().ConnectAsync();
        Assert.Equal("entry.name_required", await HubClient.ErrorCodeOf(() => observer.JoinAsync(observerLink.Token)));
        Assert.Equal("invalid_name", await HubClient.ErrorCodeOf(() => observer.JoinAsync(observerLink.Token, displayName: new string('я', 61))));
        var seen = (await observer.JoinAsync(observerLink.Token, displayName: "  Методист   Петрова ")).Snapshot!;
        Assert.Equal("Методист Петрова", seen.You.Name);
        Assert.Equal((int)Role.Observer, seen.You.Role);
        Assert.Equal("chat.not_allowed", await HubClient.ErrorCodeOf(() => observer.SendChatAsync("реплика в класс")));
        Assert.True(await observer.SendChatAsync("Вопрос после урока", teacherId) > 0);

        await using var display = await Host.NewSession().ConnectAsync();
        var screen = (await display.JoinAsync(displayLink.Token, displayName: "Филиал, с. Ивановка")).Snapshot!;
        Assert.Equal((int)Role.Display, screen.You.Role);
        Assert.Equal(0, screen.Permissions);
        Assert.Single(screen.Participants);
        Assert.Equal("chat.not_allowed", await HubClient.ErrorCodeOf(() => display.SendChatAsync("экран пишет")));
        Assert.Equal("chat.target_not_allowed", await HubClient.ErrorCodeOf(() => display.SendChatAsync("экран пишет", teacherId)));
        var seq = await teacher.SendChatAsync("Всем видно");
        await display.WaitUntilAsync(c => c.Chat.Any(m => m.Seq == seq));

        await using var anonymousCo = await Host.NewSession().ConnectAsync();
        Assert.Equal("forbidden", await HubClient.ErrorCodeOf(() => anonymousCo.JoinAsync(coLink.Token)));
        using var colleague = await Host.NewTeacherAsync("colleague", "Сидорова Е.В.");
        await using var co = await colleague.ConnectAsync();
        var coSeen = (await co.JoinAsync(coLink.Token)).Snapshot!;
        Assert.Equal((int)Role.CoTeacher, coSeen.You.Role);
        Assert.Contains(coSeen.Chat, m => m.Text == "Вопрос после урока");

        // A revoked link stops working.
        Assert.Equal(HttpStatusCode.NoContent, (await school.Teacher.Http.DeleteAsync($"/api/lessons/{school.Lesson.Id}/links/{observerLink.Token}")).StatusCode);
        await using var late = await Host.NewSession().ConnectAsync();
        Assert.Equal("entry.unknown_code", await HubClient.ErrorCodeOf(() => late.JoinAsync(observerLink.Token, displayName: "Опоздавший")));
    }
}
