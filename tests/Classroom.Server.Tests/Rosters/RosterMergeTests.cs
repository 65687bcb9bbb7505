using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Classroom.Contracts;
using Classroom.Server.Classes;
using Classroom.Server.Tests.Infrastructure;

namespace Classroom.Server.Tests.Rosters;

/// <summary>Uploading or pasting a roster again merges by name: codes stay, nobody twice, a report of what happened.</summary>
public sealed class RosterMergeTests : HostedTest
{
    static RosterMergeTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonSerializer.Deserialize<T>(await response.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
    }

    private static ByteArrayContent Csv(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return content;
    }

    [Fact]
    public async Task Re_uploading_a_windows_1251_csv_keeps_every_code_and_adds_nobody_twice()
    {
        using var teacher = await Host.NewTeacherAsync();
        var klass = await teacher.PostAsync<ClassSummary>("/api/classes", new { name = "9А" });
        var first = Encoding.GetEncoding(1251).GetBytes("Фамилия;Имя;Отчество\r\nЁлкина;Алёна;Петровна\r\nЩукин;Юрий;Олегович\r\n");
        var uploaded = await ReadAsync<ClassView>(await teacher.Http.PostAsync($"/api/classes/{klass.Id}/students/csv", Csv(first)));
        Assert.Equal(["Ёлкина Алёна", "Щукин Юрий"], uploaded.Import!.Added);
        var codes = uploaded.Students.ToDictionary(s => s.Name, s => s.Code);

        // The same file again, from another export: "е" for "ё", other case, a new girl, a double line.
        var again = Encoding.GetEncoding(1251).GetBytes(
            "Фамилия;Имя;Отчество\r\nЕлкина;алена;Петровна\r\nЩукин;Юрий;Олегович\r\nАбрамова;Вера;Игоревна\r\nЩукин;  Юрий ;О.\r\n");
        var preview = await ReadAsync<RosterReport>(await teacher.Http.PostAsync($"/api/classes/{klass.Id}/students/csv/preview", Csv(again)));
        Assert.Equal(["Абрамова Вера"], preview.Added);
        Assert.Equal(["Ёлкина Алёна", "Щукин Юрий"], preview.Unchanged);
        var duplicate = Assert.Single(preview.Skipped);
        Assert.Equal((5, "duplicate"), (duplicate.Line, duplicate.Reason));
        // The preview changed nothing.
        Assert.Equal(2, (await teacher.GetAsync<ClassView>($"/api/classes/{klass.Id}")).Students.Count);

        var merged = await ReadAsync<ClassView>(await teacher.Http.PostAsync($"/api/classes/{klass.Id}/students/csv", Csv(again)));
        Assert.Equal(["Абрамова Вера", "Ёлкина Алёна", "Щукин Юрий"], merged.Students.Select(s => s.Name));
        Assert.Equal(codes["Ёлкина Алёна"], merged.Students.Single(s => s.Name == "Ёлкина Алёна").Code);
        Assert.Equal(codes["Щукин Юрий"], merged.Students.Single(s => s.Name == "Щукин Юрий").Code);
        Assert.Equal((1, 2, 1), (merged.Import!.Added.Count, merged.Import.Unchanged.Count, merged.Import.Skipped.Count));

        // A third time: nothing to add.
        var third = await ReadAsync<ClassView>(await teacher.Http.PostAsync($"/api/classes/{klass.Id}/students/csv", Csv(again)));
        Assert.Empty(third.Import!.Added);
        Assert.Equal(3, third.Students.Count);
        Assert.Equal(merged.Students.Select(s => s.Code), third.Students.Select(s => s.Code));
    }

    [Fact]
    public async Task Pasting_a_list_again_merges_and_skipped_lines_say_why()
    {
        using var teacher = await Host.NewTeacherAsync();
        var klass = await teacher.PostAsync<ClassSummary>("/api/classes", new { name = "5В" });
        var first = await teacher.PostAsync<ClassView>($"/api/classes/{klass.Id}/students", new { text = "Анна Белова\nГлеб Ершов\n" });
        var text = "анна  белова\nГлеб Ершов\n" + new string('Я', 61) + "\nДарья\u0007 Ким\nИгорь Лис\nигорь лис\n\n";
        var preview = await teacher.PostAsync<RosterReport>($"/api/classes/{klass.Id}/students/preview", new { text });
        Assert.Equal(["Игорь Лис"], preview.Added);
        Assert.Equal(["Анна Белова", "Глеб Ершов"], preview.Unchanged);
        Assert.Equal([(3, "too_long"), (4, "invalid"), (6, "duplicate")], preview.Skipped.Select(s => (s.Line, s.Reason)));

        var merged = await teacher.PostAsync<ClassView>($"/api/classes/{klass.Id}/students", new { text });
        Assert.Equal(3, merged.Students.Count);
        Assert.Equal(first.Students.Single(s => s.Name == "Анна Белова").Code, merged.Students.Single(s => s.Name == "Анна Белова").Code);
    }

    [Fact]
    public async Task Several_students_are_removed_at_once_their_codes_stop_and_undo_brings_them_back_with_the_same_codes()
    {
        using var teacher = await Host.NewTeacherAsync();
        var klass = await teacher.PostAsync<ClassSummary>("/api/classes", new { name = "7Г" });
        var view = await teacher.PostAsync<ClassView>($"/api/classes/{klass.Id}/students", new { text = "Анна Белова\nГлеб Ершов\nДарья Ким" });
        var gone = view.Students.Where(s => s.Name != "Дарья Ким").ToList();

        var after = await teacher.PostAsync<ClassView>($"/api/classes/{klass.Id}/students/remove", new { ids = gone.Select(s => s.Id) });
        Assert.Equal(["Дарья Ким"], after.Students.Select(s => s.Name));
        Assert.Equal(gone.Select(s => s.Id).Order(), after.Removed!.Select(r => r.Id).Order());
        await using var client = await Host.NewSession().ConnectAsync();
        Assert.Equal("entry.unknown_code", await HubClient.ErrorCodeOf(() => client.JoinAsync(gone[0].Code)));
        Assert.Equal(1, (await teacher.GetAsync<List<ClassSummary>>("/api/classes")).Single().StudentCount);

        var restored = await teacher.PostAsync<ClassView>($"/api/classes/{klass.Id}/students/restore", new { ids = new[] { gone[0].Id } });
        Assert.Equal(gone[0].Code, restored.Students.Single(s => s.Id == gone[0].Id).Code);
        Assert.Single(restored.Removed!);

        // Pasting the removed student's name again brings her back too, with her code.
        var pasted = await teacher.PostAsync<ClassView>($"/api/classes/{klass.Id}/students", new { text = gone[1].Name });
        Assert.Equal([gone[1].Name], pasted.Import!.Restored);
        Assert.Equal(gone[1].Code, pasted.Students.Single(s => s.Id == gone[1].Id).Code);
        Assert.Empty(pasted.Removed!);
        Assert.Equal(3, pasted.Students.Count);
        await using var back = await Host.NewSession().ConnectAsync();
        Assert.Equal("entry.no_lesson", await HubClient.ErrorCodeOf(() => back.JoinAsync(gone[1].Code)));
    }

    [Fact]
    public async Task Bulk_removal_refuses_ids_of_another_teachers_class_and_changes_nothing()
    {
        using var owner = await Host.NewTeacherAsync("owner");
        using var other = await Host.NewTeacherAsync("other");
        var mine = await owner.PostAsync<ClassSummary>("/api/classes", new { name = "8А" });
        var theirs = await other.PostAsync<ClassSummary>("/api/classes", new { name = "8Б" });
        var myView = await owner.PostAsync<ClassView>($"/api/classes/{mine.Id}/students", new { text = "Анна Белова\nГлеб Ершов" });
        var theirView = await other.PostAsync<ClassView>($"/api/classes/{theirs.Id}/students", new { text = "Вера Орлова" });

        // My class, one of my students and one of theirs: refused whole.
        var mixed = await owner.Http.PostAsJsonAsync($"/api/classes/{mine.Id}/students/remove", new { ids = new[] { myView.Students[0].Id, theirView.Students[0].Id } });
        Assert.Equal(HttpStatusCode.BadRequest, mixed.StatusCode);
        Assert.Contains("roster.unknown_student", await mixed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Their class through my session: not found.
        var foreign = await owner.Http.PostAsJsonAsync($"/api/classes/{theirs.Id}/students/remove", new { ids = new[] { theirView.Students[0].Id } });
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        var empty = await owner.Http.PostAsJsonAsync($"/api/classes/{mine.Id}/students/remove", new { ids = Array.Empty<Guid>() });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        Assert.Equal(2, (await owner.GetAsync<ClassView>($"/api/classes/{mine.Id}")).Students.Count);
        Assert.Single((await other.GetAsync<ClassView>($"/api/classes/{theirs.Id}")).Students);
        // Restoring someone who was never removed is refused the same way.
        var notRemoved = await owner.Http.PostAsJsonAsync($"/api/classes/{mine.Id}/students/restore", new { ids = new[] { myView.Students[0].Id } });
        Assert.Contains("roster.unknown_student", await notRemoved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
