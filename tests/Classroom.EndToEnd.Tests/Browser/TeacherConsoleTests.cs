using Classroom.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Classroom.EndToEnd.Tests.Browser;

/// <summary>
/// The teacher's console on a 1366 × 768 school PC: a class of 30 fits one screen (no page scroll)
/// with the toolbar, the raised hands and the chat in view and each student's actions in a menu; the
/// lesson's status and buttons follow the server (open early, the start by the clock, the end) with
/// no reload; the timer runs on the server's clock even when the PC's clock is wrong.
/// </summary>
public sealed class TeacherConsoleTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const float Timeout = 30_000;
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<IBrowserContext> DesktopAsync() => browser.NewContextAsync(new()
    {
        BaseURL = _server.BaseAddress.ToString(),
        ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
    });

    [Fact]
    public async Task A_class_of_30_fits_one_screen_with_the_toolbar_hands_and_chat_in_view_and_actions_in_a_menu()
    {
        using var school = await LessonSetup.CreateAsync(_server, students: 30, DateTimeOffset.UtcNow.AddMinutes(-5));
        await using var context = await DesktopAsync();
        var teacher = await context.NewPageAsync();
        await school.OpenConsoleAsync(teacher, Timeout);
        var teacherId = await teacher.Locator("[data-testid=participant][data-role='0']").GetAttributeAsync("data-id");
        Assert.NotNull(teacherId);

        await using var students = await HubStudents.JoinAsync(_server.BaseAddress, school.Class.Students.Select(s => s.Code));
        for (var i = 0; i < 3; i++) await students.RaiseHandAsync(i);
        await students.SendChatAsync(5, "Всем привет");
        await teacher.Locator("[data-testid=participant]").Nth(30).WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal(31, await teacher.Locator("[data-testid=participant]").CountAsync());
        await teacher.Locator("[data-testid=hand-queue-item]").Nth(2).WaitForAsync(new() { Timeout = Timeout });

        // One screen: no page scroll either way; the toolbar, the hand queue and the chat are in view.
        await Layout.AssertNoVerticalScrollAsync(teacher, "console with 30 students");
        await Layout.AssertNoHorizontalScrollAsync(teacher, "console with 30 students");
        await Layout.AssertInViewportAsync(teacher.GetByTestId("mod-controls"), "the class-wide toolbar");
        await Layout.AssertInViewportAsync(teacher.GetByTestId("mod-mute-all"), "mute all");
        await Layout.AssertInViewportAsync(teacher.GetByTestId("cabinet-end-lesson"), "end lesson");
        await Layout.AssertInViewportAsync(teacher.GetByTestId("lesson-timer"), "the lesson timer");
        await Layout.AssertInViewportAsync(teacher.GetByTestId("hand-queue"), "the hand queue");
        Assert.Equal(3, await teacher.Locator("[data-testid=hand-queue-item]").CountAsync());
        await Layout.AssertInViewportAsync(teacher.GetByTestId("chat-input"), "the chat input");
        await Layout.AssertInViewportAsync(teacher.Locator("[data-testid=participant]").First, "the participant grid");
        // Every toolbar control sits in one row.
        var toolbarBox = await teacher.GetByTestId("mod-controls").BoundingBoxAsync();
        var muteBox = await teacher.GetByTestId("mod-mute-all").BoundingBoxAsync();
        Assert.True(toolbarBox!.Height < muteBox!.Height * 1.5, $"the toolbar wraps: {toolbarBox.Height} px high");
        await Screenshots.SaveAsync(teacher, "teacher-console");

        // A student's card shows their state; their actions are in the card's menu, not in the row.
        var card = teacher.Locator("[data-testid=participant][data-hand=raised]").First;
        var name = await card.GetAttributeAsync("data-name");
        // States are icons in the console, their labels kept for screen readers; so is the heading of
        // the chat, whose tab names it. The grid's heading is shown.
        await Layout.AssertVisuallyHiddenAsync(card.Locator("[data-state=hand] .p-state-label"), "the raised hand's label in the console");
        await Layout.AssertVisuallyHiddenAsync(teacher.Locator(".live-panel > .chat > h2"), "the chat panel's heading");
        await Layout.AssertInViewportAsync(teacher.Locator(".people-grid-area > h2"), "the participant grid's heading");
        Assert.False(await card.GetByTestId("mod-lock-mic").IsVisibleAsync());
        await card.GetByTestId("mod-menu").ClickAsync();
        await card.GetByTestId("mod-lock-mic").ClickAsync();
        await teacher.Locator($"[data-testid=participant][data-name='{name}'][data-mic-locked=true]").WaitForAsync(new() { Timeout = Timeout });
        await Layout.AssertNoVerticalScrollAsync(teacher, "console with a student's menu open");

        // A private question lands in the questions tab (counted while another tab is shown); the
        // teacher answers the asker privately from there.
        await students.SendChatAsync(7, "Можно задать вопрос лично?", teacherId);
        await teacher.GetByTestId("tab-questions").GetByTestId("tab-unread").WaitForAsync(new() { Timeout = Timeout });
        await teacher.GetByTestId("tab-questions").ClickAsync();
        var question = teacher.Locator("[data-testid=chat-message][data-audience='1']", new() { HasText = "Можно задать вопрос лично?" });
        await question.WaitForAsync(new() { Timeout = Timeout });
        Assert.False(await teacher.Locator("[data-testid=chat-message]", new() { HasText = "Всем привет" }).IsVisibleAsync());
        await question.GetByTestId("chat-reply").ClickAsync();
        var askerId = await teacher.Locator($"[data-testid=participant][data-name='{school.Class.Students[7].Name}']").GetAttributeAsync("data-id");
        Assert.Equal(askerId, await teacher.GetByTestId("chat-target").InputValueAsync());
        await teacher.GetByTestId("chat-input").FillAsync("Да, слушаю");
        await teacher.GetByTestId("chat-send").ClickAsync();
        await teacher.Locator("[data-testid=chat-message][data-audience='2']", new() { HasText = "Да, слушаю" }).WaitForAsync(new() { Timeout = Timeout });
        // Back on the chat tab the whole chat shows again, addressed to everyone.
        await teacher.GetByTestId("tab-chat").ClickAsync();
        await teacher.Locator("[data-testid=chat-message]", new() { HasText = "Всем привет" }).WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal("", await teacher.GetByTestId("chat-target").InputValueAsync());
    }

    [Fact]
    public async Task The_status_and_buttons_follow_open_early_the_start_and_the_end_without_a_reload_and_the_timer_ticks()
    {
        // The teacher signs in first (the slow part on a loaded machine); only then is the lesson
        // scheduled, entry opening at its start 30 s later, so the console still opens on "scheduled".
        using var school = await LessonSetup.CreateAsync(_server, students: 1, DateTimeOffset.UtcNow.AddHours(2));
        await using var context = await DesktopAsync();
        var teacher = await context.NewPageAsync();
        teacher.Dialog += (_, dialog) => dialog.AcceptAsync();
        await school.SignInAsync(teacher, Timeout);
        var lesson = await school.ScheduleAsync(DateTimeOffset.UtcNow.AddSeconds(30), entryOpensMinutesBefore: 0);
        await LessonSetup.OpenConsoleOfAsync(teacher, lesson.Id, Timeout);
        var phase = teacher.GetByTestId("lesson-phase");
        Assert.Equal("0", await phase.GetAttributeAsync("data-phase"));
        await teacher.GetByTestId("cabinet-open-early").WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal("before", await teacher.GetByTestId("lesson-timer").GetAttributeAsync("data-state"));
        await teacher.EvaluateAsync("() => { window.__sameDocument = true; }");

        // The timer counts down to the start, second by second.
        var timer = teacher.GetByTestId("lesson-timer");
        await LessonTimer.AssertBeforeStartAsync(timer, lesson.StartsAt);
        var before = await timer.InnerTextAsync();
        await teacher.WaitForFunctionAsync(
            "t => document.querySelector('[data-testid=lesson-timer]').textContent !== t", before, new() { Timeout = Timeout });

        // A student early on the waiting list; the teacher opens entry now.
        await using var student = await HubStudents.JoinAsync(_server.BaseAddress, [school.Class.Students[0].Code]);
        await teacher.GetByTestId("cabinet-open-early").ClickAsync();
        await teacher.Locator("[data-testid=lesson-phase][data-phase='1']").WaitForAsync(new() { Timeout = Timeout });
        await teacher.GetByTestId("cabinet-open-early").WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = Timeout });
        await teacher.Locator("[data-testid=participant][data-role='2']").WaitForAsync(new() { Timeout = Timeout });

        // The start time passes: the server's clock moves the lesson on, the console follows.
        await teacher.Locator("[data-testid=lesson-phase][data-phase='2']").WaitForAsync(new() { Timeout = 45_000 });
        await teacher.Locator("[data-testid=lesson-timer][data-state=running]").WaitForAsync(new() { Timeout = Timeout });
        await LessonTimer.AssertRunningAsync(timer, lesson.StartsAt, TimeSpan.FromMinutes(45));

        // The end: the console says the lesson is over.
        await teacher.GetByTestId("cabinet-end-lesson").ClickAsync();
        await teacher.GetByTestId("lesson-ended").WaitForAsync(new() { Timeout = Timeout });
        Assert.True(await teacher.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
    }

    [Fact]
    public async Task The_timer_runs_on_the_servers_clock_when_the_pcs_clock_is_three_hours_wrong()
    {
        using var school = await LessonSetup.CreateAsync(_server, students: 1, DateTimeOffset.UtcNow.AddMinutes(-5));
        await using var context = await DesktopAsync();
        var teacher = await context.NewPageAsync();
        // A classroom PC whose clock is three hours behind.
        await teacher.Clock.InstallAsync(new() { TimeDate = DateTime.UtcNow.AddHours(-3) });
        await school.OpenConsoleAsync(teacher, Timeout);
        var timer = teacher.GetByTestId("lesson-timer");
        await timer.WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal("running", await timer.GetAttributeAsync("data-state"));
        // Five minutes and however long the sign-in took, by the server's clock (the PC's would say 3 h less).
        await LessonTimer.AssertRunningAsync(timer, school.Lesson.StartsAt, TimeSpan.FromMinutes(45));
    }
}
