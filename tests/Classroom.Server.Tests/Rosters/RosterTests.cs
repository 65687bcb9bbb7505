using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Classroom.Core.JoinCodes;
using Classroom.Server.Classes;
using Classroom.Server.Tests.Hosting;
using Classroom.Server.Tests.Infrastructure;

namespace Classroom.Server.Tests.Rosters;

public sealed class RosterTests : HostedTest
{
    static RosterTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public async Task A_russian_excel_csv_upload_gives_every_student_a_readable_personal_code()
    {
        using var teacher = await Host.NewTeacherAsync();
        var klass = await teacher.PostAsync<ClassSummary>("/api/classes", new { name = "9А" });
        var csv = Encoding.GetEncoding(1251).GetBytes("Фамилия;Имя;Отчество\r\nЁлкина;Алёна;Петровна\r\nЩукин;Юрий;Олегович\r\n");
        using var content = new ByteArrayContent(csv);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var response = await teacher.Http.PostAsync($"/api/classes/{klass.Id}/students/csv", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = JsonSerializer.Deserialize<ClassView>(await response.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;

        Assert.Equal(["Ёлкина Алёна", "Щукин Юрий"], view.Students.Select(s => s.Name));
        Assert.All(view.Students, s =>
        {
            Assert.True(JoinCode.TryNormalize(s.CodeDisplay, out var normalized));
            Assert.Equal(s.Code, normalized);
            Assert.Matches("^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}$", s.CodeDisplay);
        });
        Assert.NotEqual(view.Students[0].Code, view.Students[1].Code);

        // A multipart upload of a UTF-8 file with BOM adds to the same class.
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("ФИО\nАбрамов Игорь\n")).ToArray()), "file", "список.csv");
        var second = JsonSerializer.Deserialize<ClassView>(await (await teacher.Http.PostAsync($"/api/classes/{klass.Id}/students/csv", form)).Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
        Assert.Equal(["Абрамов Игорь", "Ёлкина Алёна", "Щукин Юрий"], second.Students.Select(s => s.Name));
    }

    [Fact]
    public async Task Unreadable_rosters_get_problem_details_and_change_nothing()
    {
        using var teacher = await Host.NewTeacherAsync();
        var klass = await teacher.PostAsync<ClassSummary>("/api/classes", new { name = "5В" });
        using var empty = new ByteArrayContent(Encoding.UTF8.GetBytes("ФИО\n\n"));
        var response = await teacher.Http.PostAsync($"/api/classes/{klass.Id}/students/csv", empty);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("roster.empty", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var huge = new ByteArrayContent(new byte[300 * 1024]);
        Assert.Equal(HttpStatusCode.BadRequest, (await teacher.Http.PostAsync($"/api/classes/{klass.Id}/students/csv", huge)).StatusCode);
        // A pasted list is held to the same size as a file (one long line is not a class list), and a
        // body far beyond that is not even read.
        foreach (var path in new[] { "students", "students/preview" })
        {
            var longLine = await teacher.Http.PostAsJsonAsync($"/api/classes/{klass.Id}/{path}", new { text = new string('x', 300 * 1024) });
            Assert.Equal(HttpStatusCode.BadRequest, longLine.StatusCode);
            Assert.Equal("roster.too_large", await ProblemCodeTests.CodeOf(longLine));
            var flood = await teacher.Http.PostAsJsonAsync($"/api/classes/{klass.Id}/{path}", new { text = new string('x', 2 * 1024 * 1024) });
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, flood.StatusCode);
        }
        Assert.Empty((await teacher.GetAsync<ClassView>($"/api/classes/{klass.Id}")).Students);
    }

    [Fact]
    public async Task A_teacher_cannot_see_or_change_another_teachers_class_and_a_new_code_retires_the_old_one()
    {
        using var owner = await Host.NewTeacherAsync("owner");
        using var other = await Host.NewTeacherAsync("other");
        var klass = await owner.PostAsync<ClassSummary>("/api/classes", new { name = "7Г" });
        var view = await owner.PostAsync<ClassView>($"/api/classes/{klass.Id}/students", new { text = "Анна Белова\nГлеб Ершов" });

        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/api/classes/{klass.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.PostAsync($"/api/classes/{klass.Id}/students/{view.Students[0].Id}/code", null)).StatusCode);
        Assert.Empty(await other.GetAsync<List<ClassSummary>>("/api/classes"));

        var renewed = await owner.PostAsync<StudentView>($"/api/classes/{klass.Id}/students/{view.Students[0].Id}/code", new { });
        Assert.NotEqual(view.Students[0].Code, renewed.Code);
        await using var client = await Host.NewSession().ConnectAsync();
        Assert.Equal("entry.unknown_code", await HubClient.ErrorCodeOf(() => client.JoinAsync(view.Students[0].Code)));

        Assert.Equal(HttpStatusCode.NoContent, (await owner.Http.DeleteAsync($"/api/classes/{klass.Id}/students/{view.Students[1].Id}")).StatusCode);
        Assert.Equal("entry.unknown_code", await HubClient.ErrorCodeOf(() => client.JoinAsync(view.Students[1].Code)));
        Assert.Single((await owner.GetAsync<ClassView>($"/api/classes/{klass.Id}")).Students);
    }
}
