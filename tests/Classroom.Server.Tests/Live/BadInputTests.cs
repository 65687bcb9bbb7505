using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Classroom.Contracts;
using Classroom.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Classroom.Server.Tests.Live;

/// <summary>Hostile or broken input gets a clear error, changes nothing, and nobody else notices.</summary>
public sealed class BadInputTests : HostedTest
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Classroom:HubCallsPerWindow"] = "20",
            ["Classroom:MaxHubMessageBytes"] = "8192",
        };

    [Theory]
    [InlineData(Wire.Json)]
    [InlineData(Wire.MessagePack)]
    public async Task Malformed_oversized_and_flooding_calls_hurt_only_the_caller(Wire wire)
    {
        var school = await School.CreateAsync(Host, students: 2, Host.Time.GetUtcNow());
        await using var teacher = await school.Teacher.ConnectAsync(wire);
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        await using var good = await Host.NewSession().ConnectAsync(wire);
        await good.JoinAsync(school.CodeOf(0));
        await using var bad = await Host.NewSession().ConnectAsync(wire);
        await bad.JoinAsync(school.CodeOf(1));

        // Wrong argument types, a missing argument, an unknown method: errors, the connection stays.
        await Assert.ThrowsAsync<HubException>(() => bad.Connection.InvokeAsync<long>(HubMethods.SendChat, 42));
        await Assert.ThrowsAsync<HubException>(() => bad.Connection.InvokeAsync<long>(HubMethods.SendChat, (object?)null));
        await Assert.ThrowsAsync<HubException>(() => bad.Connection.InvokeAsync(HubMethods.GetChatSince, "not a number"));
        await Assert.ThrowsAsync<HubException>(() => bad.Connection.InvokeAsync("DropDatabase"));
        Assert.Equal("chat.too_long", await HubClient.ErrorCodeOf(() => bad.SendChatAsync(new string('ж', 1001))));
        Assert.Equal("chat.empty", await HubClient.ErrorCodeOf(() => bad.SendChatAsync("   ")));
        Assert.Equal("chat.target_not_allowed", await HubClient.ErrorCodeOf(() => bad.SendChatAsync("hi", "t-someone-else")));
        Assert.Equal("forbidden", await HubClient.ErrorCodeOf(() => bad.Connection.InvokeAsync(HubMethods.OpenEarly)));
        Assert.False(bad.IsClosed);

        // A flood: the chat limit trips first, then the per-connection call limit.
        var codes = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            try
            {
                await bad.SendChatAsync($"спам {i}");
            }
            catch (HubException ex)
            {
                codes.Add(ex.Message);
            }
        }
        Assert.Contains(codes, m => m.Contains("[chat.rate_limited]", StringComparison.Ordinal));
        Assert.Contains(codes, m => m.Contains("[rate_limited]", StringComparison.Ordinal));

        // A message over the hub's size limit closes only the sender's connection.
        var tooBig = new string('x', 16 * 1024);
        await Assert.ThrowsAnyAsync<Exception>(() => bad.Connection.InvokeAsync<long>(HubMethods.SendChat, new SendChatRequest(tooBig)));
        await bad.Closed;

        var seq = await teacher.SendChatAsync("Продолжаем");
        await good.WaitUntilAsync(c => c.Chat.Any(m => m.Seq == seq));
        Assert.False(good.IsClosed);
        Assert.False(teacher.IsClosed);
        // Only the accepted messages were stored: 5 within the student limit, plus the teacher's.
        var history = await teacher.ChatSinceAsync(0);
        Assert.Equal(6, history.Count);
        Assert.Equal(Enumerable.Range(1, 6).Select(x => (long)x), history.Select(m => m.Seq));
    }

    [Fact]
    public async Task A_student_cannot_act_as_staff_or_reach_another_teachers_lesson()
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow());
        using var intruderTeacher = await Host.NewTeacherAsync("intruder");
        await using var intruder = await intruderTeacher.ConnectAsync();
        Assert.Equal("forbidden", await HubClient.ErrorCodeOf(() => intruder.JoinAsync(lessonId: school.Lesson.Id)));
        Assert.Equal(HttpStatusCode.NotFound, (await intruderTeacher.Http.PostAsync($"/api/lessons/{school.Lesson.Id}/end", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruderTeacher.Http.GetAsync($"/api/lessons/{school.Lesson.Id}/report")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruderTeacher.Http.PostAsJsonAsync($"/api/cabinets/{school.Cabinet.Id}/lessons",
            new { classId = school.Class.Id, startsAt = DateTimeOffset.UtcNow, durationMinutes = 45 })).StatusCode);

        await using var student = await Host.NewSession().ConnectAsync();
        await student.JoinAsync(school.CodeOf(0));
        Assert.Equal("forbidden", await HubClient.ErrorCodeOf(() => student.Connection.InvokeAsync(HubMethods.EndLesson)));
        var lesson = await school.Teacher.GetAsync<JsonElement>($"/api/lessons/{school.Lesson.Id}");
        Assert.Equal(JsonValueKind.Null, lesson.GetProperty("endedAt").ValueKind);
    }

    [Fact]
    public async Task Impossible_lessons_are_refused_with_problem_details()
    {
        using var teacher = await Host.NewTeacherAsync();
        var cabinet = await teacher.PostAsync<Classroom.Server.Cabinets.CabinetView>("/api/cabinets", new { name = "К", subject = "" });
        var klass = await teacher.PostAsync<Classroom.Server.Classes.ClassSummary>("/api/classes", new { name = "1А" });
        var response = await teacher.Http.PostAsJsonAsync($"/api/cabinets/{cabinet.Id}/lessons",
            new { classId = klass.Id, startsAt = DateTimeOffset.UtcNow, durationMinutes = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("lesson.invalid_schedule", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var garbage = await teacher.Http.PostAsync($"/api/cabinets/{cabinet.Id}/lessons", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Empty(await teacher.GetAsync<List<JsonElement>>($"/api/cabinets/{cabinet.Id}/lessons"));
    }
}
