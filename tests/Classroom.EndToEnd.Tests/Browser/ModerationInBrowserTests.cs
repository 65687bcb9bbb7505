using Classroom.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Classroom.Testing.Api.SchoolApi;

namespace Classroom.EndToEnd.Tests.Browser;

/// <summary>
/// The teacher moderates from the browser against the real server: the student's screen follows, and
/// hostile text typed by the teacher's dialogs (a rename, a ban reason) stays text everywhere.
/// </summary>
public sealed class ModerationInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const float Timeout = 30_000;
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_teacher_locks_a_microphone_renames_and_bans_and_the_students_screen_follows()
    {
        const string hostile = "<img src=x onerror=\"window.__xss=1\">";
        using var school = await School.CreateAsync(_server, new LessonPlan
        {
            Names = ["Глеб Ершов"], Title = null, EntryOpensMinutesBefore = null,
            CabinetName = "Кабинет 5", Subject = "История", ClassName = "8Б",
        }, "petrova", "Петрова Анна Сергеевна");
        var (klass, lesson) = (school.Class, school.Lesson);

        await using var teacherContext = await browser.NewContextAsync(new() { BaseURL = _server.BaseAddress.ToString() });
        await using var studentContext = await browser.NewContextAsync(new() { BaseURL = _server.BaseAddress.ToString() });
        var teacher = await teacherContext.NewPageAsync();
        var student = await studentContext.NewPageAsync();
        await teacher.GotoAsync("/");
        await teacher.GetByTestId("login-user").FillAsync("petrova");
        await teacher.GetByTestId("login-password").FillAsync("teacher-pass-1");
        await teacher.GetByTestId("login-submit").ClickAsync();
        await teacher.GetByTestId("enter-cabinet").First.WaitForAsync(new() { Timeout = Timeout });
        await teacher.GotoAsync($"/cabinet/{lesson.Id}");
        await teacher.GetByTestId("mod-panel").WaitForAsync(new() { Timeout = Timeout });

        await student.GotoAsync($"/j/{klass.Students[0].Code}");
        await student.GetByTestId("cabinet").WaitForAsync(new() { Timeout = Timeout });
        var mic = student.GetByTestId("mic-toggle");
        await mic.WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal("off", await mic.GetAttributeAsync("data-state"));

        // Lock the student's microphone (from the student's menu): their toggle turns locked and disabled.
        var row = teacher.Locator("[data-testid=participant]", new() { HasText = "Глеб Ершов" });
        await row.GetByTestId("mod-menu").ClickAsync();
        await row.GetByTestId("mod-lock-mic").ClickAsync();
        await student.Locator("[data-testid=mic-toggle][data-state=locked]").WaitForAsync(new() { Timeout = Timeout });
        Assert.True(await mic.IsDisabledAsync());

        // Rename to hostile text through the prompt: shown as text on both screens, nothing runs.
        var answers = new Queue<string>([hostile]);
        teacher.Dialog += async (_, dialog) =>
        {
            if (dialog.Type == "prompt") await dialog.AcceptAsync(answers.Count > 0 ? answers.Dequeue() : "");
            else await dialog.AcceptAsync();
        };
        // The menu stays open across the row's updates; open it only if it closed.
        if (!await row.GetByTestId("mod-rename").IsVisibleAsync()) await row.GetByTestId("mod-menu").ClickAsync();
        await row.GetByTestId("mod-rename").ClickAsync();
        var renamed = teacher.Locator("[data-testid=participant]", new() { HasText = hostile });
        await renamed.WaitForAsync(new() { Timeout = Timeout });
        await student.GetByTestId("tab-people").ClickAsync();
        await student.Locator("[data-testid=participant]", new() { HasText = hostile }).WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal(0, await teacher.Locator("[data-testid=participant] img").CountAsync());
        Assert.Equal(0, await student.Locator("[data-testid=participant] img").CountAsync());

        // Ban with a hostile reason: the student sees the removal screen with the reason as text.
        answers.Enqueue("<b>грубость</b>");
        // The row's menu stays open across updates; open it only if it closed.
        if (!await renamed.GetByTestId("mod-ban-lesson").IsVisibleAsync()) await renamed.GetByTestId("mod-menu").ClickAsync();
        await renamed.GetByTestId("mod-ban-lesson").ClickAsync();
        var removed = student.GetByTestId("removed");
        await removed.WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal("3", await removed.GetAttributeAsync("data-kind"));
        Assert.Contains("<b>грубость</b>", await removed.InnerTextAsync(), StringComparison.Ordinal);
        // Bans and the moderation log are on the console's journal tab.
        await teacher.GetByTestId("tab-journal").ClickAsync();
        await teacher.GetByTestId("ban-list").Locator("text=<b>грубость</b>").WaitForAsync(new() { Timeout = Timeout });
        await teacher.GetByTestId("moderation-log").Locator("text=" + hostile).First.WaitForAsync(new() { Timeout = Timeout });
        Assert.Null(await teacher.EvaluateAsync<int?>("window.__xss ?? null"));
        Assert.Null(await student.EvaluateAsync<int?>("window.__xss ?? null"));

        // The code is refused when the student opens the link again.
        var again = await studentContext.NewPageAsync();
        await again.GotoAsync($"/j/{klass.Students[0].Code}");
        await again.GetByTestId("error").WaitForAsync(new() { Timeout = Timeout });
        Assert.Matches("[а-яА-Я]", await again.GetByTestId("error").InnerTextAsync());
    }
}
