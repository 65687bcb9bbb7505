using System.Net.Http.Json;
using Classroom.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Classroom.Testing.Api.SchoolApi;

namespace Classroom.EndToEnd.Tests.Browser;

/// <summary>
/// What a school does around a lesson, in headless Chromium against the real server: the teacher
/// starts a lesson with one click, a student on a phone comes in through the class link and her
/// code, the report draws who was there when; the roster is pasted again without duplicates, two
/// students are removed at once and brought back; the class's attendance chart renders.
/// Screenshots go to TestResults/screenshots (test artifacts, not committed).
/// </summary>
public sealed class SchoolFeaturesInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const float Timeout = 30_000;
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private sealed record ClassWithLink(Guid Id, string Name, List<Student> Students, string LinkToken);

    private static async Task Screenshot(IPage page, string name)
    {
        var folder = Path.Combine(ServerProcess.RepositoryRoot(), "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"school-{name}.png"), FullPage = true });
    }

    private static async Task<IPage> TeacherAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByTestId("login-user").FillAsync("petrova");
        await page.GetByTestId("login-password").FillAsync("teacher-pass-1");
        await page.GetByTestId("login-submit").ClickAsync();
        await page.GetByTestId("dashboard").WaitForAsync(new() { Timeout = Timeout });
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        return page;
    }

    [Fact]
    public async Task Start_now_the_class_link_the_report_chart_and_a_roster_pasted_again()
    {
        await CreateTeacherAsync(_server, "petrova", "Петрова Анна Сергеевна", "teacher-pass-1");
        using var api = _server.NewHttpClient();
        await PostAsync<object>(api, "api/auth/login", new { userName = "petrova", password = "teacher-pass-1" });
        await PostAsync<Cabinet>(api, "api/cabinets", new { name = "Кабинет истории", subject = "История" });
        var created = await PostAsync<ClassSummary>(api, "api/classes", new { name = "8Б" });
        const string roster = "Алёна Ёлкина\nБорис Волков\nВера Гусева";
        var klass = await PostAsync<ClassWithLink>(api, $"api/classes/{created.Id}/students", new { text = roster });
        klass = (await api.GetFromJsonAsync<ClassWithLink>($"api/classes/{created.Id}"))!;

        await using var teacherContext = await browser.NewContextAsync(new() { BaseURL = _server.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        await using var phone = await browser.NewContextAsync(new()
        {
            BaseURL = _server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
            IsMobile = true,
        });
        var teacher = await TeacherAsync(teacherContext);

        // One click on the dashboard: the lesson runs and the teacher is in the cabinet.
        await teacher.GetByTestId("quick-start-submit").ClickAsync();
        await teacher.GetByTestId("cabinet").WaitForAsync(new() { Timeout = Timeout });
        var lessonId = teacher.Url.Split('/')[^1];

        // The student opens the standing class link on her phone and types her code.
        var student = await phone.NewPageAsync();
        await student.GotoAsync($"/k/{klass.LinkToken}");
        await student.GetByTestId("class-link-current").WaitForAsync(new() { Timeout = Timeout });
        Assert.Contains("8Б", await student.GetByTestId("class-link-page").InnerTextAsync(), StringComparison.Ordinal);
        await Screenshot(student, "class-link-phone");
        await student.GetByTestId("code-input").FillAsync(klass.Students.Single(s => s.Name == "Алёна Ёлкина").CodeDisplay.ToLowerInvariant());
        await student.GetByTestId("code-submit").ClickAsync();
        await student.GetByTestId("cabinet").WaitForAsync(new() { Timeout = Timeout });
        await teacher.Locator("[data-testid=participant]", new() { HasText = "Алёна Ёлкина" }).WaitForAsync(new() { Timeout = Timeout });
        await teacher.GetByTestId("cabinet-end-lesson").ClickAsync();
        await student.GetByTestId("lesson-ended").WaitForAsync(new() { Timeout = Timeout });

        // The report: the school's zone, the timeline with her stretch, the log and both CSV links.
        await teacher.GotoAsync($"/lessons/{lessonId}/report");
        var chart = teacher.GetByTestId("presence-chart");
        await chart.WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal(3, await chart.Locator("[data-testid=presence-row]").CountAsync());
        Assert.Equal(1, await chart.Locator("[data-testid=presence-row][data-name='Алёна Ёлкина'] rect[data-kind=present]").CountAsync());
        Assert.Equal(0, await chart.Locator("[data-testid=presence-row][data-name='Борис Волков'] rect[data-kind=present]").CountAsync());
        await teacher.GetByTestId("report-zone").WaitForAsync();
        await teacher.GetByTestId("report-log-csv").WaitForAsync();
        await Screenshot(teacher, "report-desktop");

        // The roster pasted again, with one new name: a preview says so, then the import; no duplicates.
        await teacher.GotoAsync($"/classes/{created.Id}");
        await teacher.GetByTestId("class-link").WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal(_server.BaseAddress + $"k/{klass.LinkToken}", await teacher.GetByTestId("class-link").GetAttributeAsync("data-url"));
        await teacher.GetByTestId("roster-text").FillAsync("алена елкина\nБорис  Волков\nВера Гусева\nГлеб Ершов\n");
        await teacher.GetByTestId("roster-preview").ClickAsync();
        await teacher.Locator("[data-testid=roster-report][data-state=preview]").WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal("1", await teacher.GetByTestId("roster-report-added").GetAttributeAsync("data-count"));
        Assert.Equal("3", await teacher.GetByTestId("roster-report-unchanged").GetAttributeAsync("data-count"));
        Assert.Equal(3, await teacher.GetByTestId("student-row").CountAsync());
        await teacher.GetByTestId("roster-import").ClickAsync();
        await teacher.Locator("[data-testid=roster-report][data-state=done]").WaitForAsync(new() { Timeout = Timeout });
        await teacher.Locator("[data-testid=student-row]", new() { HasText = "Глеб Ершов" }).WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal(4, await teacher.GetByTestId("student-row").CountAsync());
        var alenaCode = await teacher.Locator("[data-testid=student-row]", new() { HasText = "Алёна Ёлкина" }).GetByTestId("student-code").InnerTextAsync();
        Assert.Equal(klass.Students.Single(s => s.Name == "Алёна Ёлкина").CodeDisplay, alenaCode);

        // Two removed at once (one confirm), then undone.
        await teacher.Locator("[data-testid=student-row]", new() { HasText = "Борис Волков" }).GetByTestId("student-select").CheckAsync();
        await teacher.Locator("[data-testid=student-row]", new() { HasText = "Вера Гусева" }).GetByTestId("student-select").CheckAsync();
        await teacher.GetByTestId("students-remove-selected").ClickAsync();
        await teacher.GetByTestId("students-undo").WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal(2, await teacher.GetByTestId("student-row").CountAsync());
        Assert.Equal(2, await teacher.GetByTestId("removed-student").CountAsync());
        await Screenshot(teacher, "class-desktop");
        await teacher.GetByTestId("students-undo").ClickAsync();
        await teacher.GetByTestId("notice").WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal(4, await teacher.GetByTestId("student-row").CountAsync());

        // The class over the term: one lesson, Алёна at 100 %, the others on the roster then at 0.
        await teacher.GetByTestId("class-attendance").ClickAsync();
        var term = teacher.GetByTestId("term-chart");
        await term.WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal("1", await term.Locator("[data-testid=term-bar][data-name='Алёна Ёлкина']").GetAttributeAsync("data-rate"));
        Assert.Equal("0", await term.Locator("[data-testid=term-bar][data-name='Борис Волков']").GetAttributeAsync("data-rate"));
        // Глеб joined the class after the lesson: he did not miss it.
        Assert.Equal("", await term.Locator("[data-testid=term-bar][data-name='Глеб Ершов']").GetAttributeAsync("data-rate"));
        await Screenshot(teacher, "term-desktop");
    }

    [Fact]
    public async Task A_display_link_is_created_with_its_name_and_cap_and_listed_under_that_name()
    {
        await CreateTeacherAsync(_server, "petrova", "Петрова Анна Сергеевна", "teacher-pass-1");
        using var api = _server.NewHttpClient();
        await PostAsync<object>(api, "api/auth/login", new { userName = "petrova", password = "teacher-pass-1" });
        var cabinet = await PostAsync<Cabinet>(api, "api/cabinets", new { name = "Актовый зал", subject = "Открытый урок" });
        var created = await PostAsync<ClassSummary>(api, "api/classes", new { name = "10А" });
        await PostAsync<object>(api, $"api/classes/{created.Id}/students", new { text = "Дарья Ким" });
        var lesson = await PostAsync<Lesson>(api, $"api/cabinets/{cabinet.Id}/lessons/now", new { classId = created.Id });

        await using var context = await browser.NewContextAsync(new() { BaseURL = _server.BaseAddress.ToString() });
        var teacher = await TeacherAsync(context);
        await teacher.Locator($"[data-lesson-id='{lesson.Id}'] [data-testid=links-toggle]").ClickAsync();
        await teacher.GetByTestId("link-role").SelectOptionAsync("display");
        Assert.Equal("Экран филиала", await teacher.GetByTestId("link-name").InputValueAsync());
        Assert.Equal("2", await teacher.GetByTestId("link-cap").InputValueAsync());
        await teacher.GetByTestId("link-name").FillAsync("Филиал в Берёзовке");
        await teacher.GetByTestId("link-cap").FillAsync("1");
        await teacher.GetByTestId("link-create").ClickAsync();
        var listed = teacher.Locator("[data-testid=lesson-link][data-role=display]");
        await listed.WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal("Филиал в Берёзовке", await listed.GetAttributeAsync("data-name"));
        Assert.Contains("0", await listed.GetByTestId("link-use").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("1", await listed.GetByTestId("link-use").InnerTextAsync(), StringComparison.Ordinal);

        // The form states each role's bound before the server has to refuse: 900 observers is over it.
        await teacher.GetByTestId("link-role").SelectOptionAsync("observer");
        Assert.Equal(("", "30"), (await teacher.GetByTestId("link-name").InputValueAsync(), await teacher.GetByTestId("link-cap").InputValueAsync()));
        await teacher.GetByTestId("link-cap").FillAsync("900");
        await teacher.GetByTestId("link-create").ClickAsync();
        Assert.True(await teacher.GetByTestId("link-cap").EvaluateAsync<bool>("el => el.validity.rangeOverflow"));
        Assert.Equal(1, await teacher.GetByTestId("lesson-link").CountAsync());
        await Screenshot(teacher, "links-desktop");
    }
}
