using Classroom.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Classroom.Testing.Api.SchoolApi;

namespace Classroom.EndToEnd.Tests.Browser;

/// <summary>
/// The web client in headless Chromium against the real server process: a teacher signs in and
/// opens the cabinet, a student opens the join link early, waits on the server's countdown, is let
/// in when the window opens (the teacher opens it early; the server's clock opening it is
/// Classroom.Server.Tests' TimedEntryTests, on a faked clock), and they chat. Names and messages
/// render as text, never as markup.
/// </summary>
public sealed class JoinWaitEnterChatTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const float Timeout = 30_000;
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_student_joins_early_waits_enters_when_the_window_opens_and_chats_with_the_teacher()
    {
        const string hostileName = "<img src=x onerror=\"window.__xss=1\">";
        // Entry opens with the start, an hour from now: the student waits however slow the machine is,
        // until the teacher opens the entry early (a start a few seconds away raced the teacher's sign-in).
        using var school = await School.CreateAsync(_server, new LessonPlan
        {
            Names = ["Анна Белова", hostileName], StartsAt = DateTimeOffset.UtcNow.AddHours(1), EntryOpensMinutesBefore = 0,
            CabinetName = "Кабинет физики", Subject = "Физика", ClassName = "9А",
        }, "ivanova", "Иванова Мария Ивановна");
        var (klass, lesson) = (school.Class, school.Lesson);
        var anna = klass.Students.Single(s => s.Name == "Анна Белова");
        var hostile = klass.Students.Single(s => s.Name == hostileName);

        await using var teacherContext = await browser.NewContextAsync(new() { BaseURL = _server.BaseAddress.ToString() });
        await using var studentContext = await browser.NewContextAsync(new()
        {
            BaseURL = _server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
        });
        var teacher = await teacherContext.NewPageAsync();
        var student = await studentContext.NewPageAsync();

        // The teacher signs in through the form (Russian by default) and enters the cabinet.
        await teacher.GotoAsync("/");
        await teacher.GetByTestId("login-user").FillAsync("ivanova");
        await teacher.GetByTestId("login-password").FillAsync("teacher-pass-1");
        await teacher.GetByTestId("login-submit").ClickAsync();
        await teacher.GetByTestId("enter-cabinet").First.WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal("ru", await teacher.EvaluateAsync<string>("document.documentElement.lang"));
        await teacher.GotoAsync($"/cabinet/{lesson.Id}");
        await teacher.GetByTestId("cabinet").WaitForAsync(new() { Timeout = Timeout });

        // The student opens the personal link before the window: a waiting screen with a countdown.
        await student.GotoAsync($"/j/{anna.Code}");
        await student.GetByTestId("waiting").WaitForAsync(new() { Timeout = Timeout });
        await LessonTimer.AssertCountdownAsync(student.GetByTestId("countdown"), lesson.StartsAt);
        Assert.Contains("Анна Белова", await student.GetByTestId("waiting").InnerTextAsync(), StringComparison.Ordinal);

        // The teacher opens the entry early; the server lets the waiting student in, without a click.
        await teacher.GetByTestId("cabinet-open-early").ClickAsync();
        await student.GetByTestId("cabinet").WaitForAsync(new() { Timeout = Timeout });
        await teacher.Locator("[data-testid=participant]", new() { HasText = "Анна Белова" }).WaitForAsync(new() { Timeout = Timeout });

        await student.GetByTestId("chat-input").FillAsync("Здравствуйте! <b>не жирный</b>");
        await student.GetByTestId("chat-send").ClickAsync();
        var fromStudent = teacher.Locator("[data-testid=chat-message]", new() { HasText = "<b>не жирный</b>" });
        await fromStudent.WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal(0, await teacher.Locator("[data-testid=chat-message] b").CountAsync());

        await teacher.GetByTestId("chat-input").FillAsync("Добрый день, Анна");
        await teacher.GetByTestId("chat-send").ClickAsync();
        await student.Locator("[data-testid=chat-message]", new() { HasText = "Добрый день, Анна" }).WaitForAsync(new() { Timeout = Timeout });

        // A hostile roster name is shown as text on every screen, and runs nothing.
        var intruder = await studentContext.NewPageAsync();
        await intruder.GotoAsync($"/j/{hostile.Code}");
        await intruder.GetByTestId("cabinet").WaitForAsync(new() { Timeout = Timeout });
        await teacher.Locator("[data-testid=participant]", new() { HasText = hostileName }).WaitForAsync(new() { Timeout = Timeout });
        // A student's classmates are on the participants tab.
        await student.GetByTestId("tab-people").ClickAsync();
        await student.Locator("[data-testid=participant]", new() { HasText = hostileName }).WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal(0, await teacher.Locator("[data-testid=participant] img").CountAsync());
        Assert.Null(await teacher.EvaluateAsync<int?>("window.__xss ?? null"));
        Assert.Null(await student.EvaluateAsync<int?>("window.__xss ?? null"));

        // The teacher ends the lesson: students see it is over.
        teacher.Dialog += (_, dialog) => dialog.AcceptAsync();
        await teacher.GetByTestId("cabinet-end-lesson").ClickAsync();
        await student.GetByTestId("lesson-ended").WaitForAsync(new() { Timeout = Timeout });
        await intruder.GetByTestId("lesson-ended").WaitForAsync(new() { Timeout = Timeout });
    }

    [Fact]
    public async Task An_unknown_code_shows_a_clear_message_not_a_stack_trace()
    {
        await using var context = await browser.NewContextAsync(new() { BaseURL = _server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/j/ZZZZ-ZZZZ-ZZ");
        var error = page.GetByTestId("error");
        await error.WaitForAsync(new() { Timeout = Timeout });
        var text = await error.InnerTextAsync();
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("[entry", text, StringComparison.Ordinal);
        Assert.Matches("[а-яА-Я]", text);
    }
}
