using Classroom.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Classroom.Testing.Api.SchoolApi;

namespace Classroom.EndToEnd.Tests.Browser;

/// <summary>
/// Every view at a phone's and a school PC's size: sign-in, dashboard, the teacher's console, the
/// student's lesson, the waiting screen, the lobby, the display, the report. None scrolls sideways,
/// the live views do not scroll at all, and each is saved as a screenshot (TestResults/screenshots).
/// </summary>
public sealed class ViewTourTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const float Timeout = 30_000;
    private ServerProcess _server = null!;

    public async Task InitializeAsync() =>
        _server = await ServerProcess.StartAsync(settings: new Dictionary<string, string> { ["Classroom__SchoolName"] = "МБОУ СОШ № 2 с. Ивановка" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(360, 740, true)]
    [InlineData(1366, 768, false)]
    public async Task Every_view_fits_the_screen_width_and_is_saved_as_a_screenshot(int width, int height, bool phone)
    {
        using var school = await LessonSetup.CreateAsync(_server, students: 4, DateTimeOffset.UtcNow.AddMinutes(-10));
        // Another class whose lesson is still ahead: its student sees the waiting screen.
        var laterClass = await PostAsync<ClassSummary>(school.Teacher.Http, "api/classes", new { name = "10Б" });
        var later = await PostAsync<ClassView>(school.Teacher.Http, $"api/classes/{laterClass.Id}/students", new { text = "Мария Сидорова" });
        await PostAsync<Lesson>(school.Teacher.Http, $"api/cabinets/{school.Cabinet.Id}/lessons",
            new { classId = later.Id, title = "Электричество", startsAt = DateTimeOffset.UtcNow.AddHours(2), durationMinutes = 45 });
        var token = await school.DisplayLinkAsync();

        BrowserNewContextOptions Options() => new()
        {
            BaseURL = _server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            IsMobile = phone,
            HasTouch = phone,
        };
        async Task Check(IPage page, string name, bool live)
        {
            await Layout.AssertNoHorizontalScrollAsync(page, name);
            if (live) await Layout.AssertNoVerticalScrollAsync(page, name);
            await Screenshots.SaveAsync(page, name);
        }

        await using var teacherContext = await browser.NewContextAsync(Options());
        var teacher = await teacherContext.NewPageAsync();
        await teacher.GotoAsync("/");
        await teacher.GetByTestId("login-user").WaitForAsync(new() { Timeout = Timeout });
        await Check(teacher, "login", live: false);
        await teacher.GetByTestId("login-user").FillAsync(school.TeacherUserName);
        await teacher.GetByTestId("login-password").FillAsync(school.TeacherPassword);
        await teacher.GetByTestId("login-submit").ClickAsync();
        await teacher.GetByTestId("enter-cabinet").First.WaitForAsync(new() { Timeout = Timeout });
        await Check(teacher, "dashboard", live: false);

        await teacher.GotoAsync($"/cabinet/{school.Lesson.Id}");
        await teacher.GetByTestId("cabinet").WaitForAsync(new() { Timeout = Timeout });

        await using var studentContext = await browser.NewContextAsync(Options());
        var student = await studentContext.NewPageAsync();
        await student.GotoAsync($"/j/{school.CodeOf("Анна Белова")}");
        await student.GetByTestId("cabinet").WaitForAsync(new() { Timeout = Timeout });
        await student.GetByTestId("chat-input").FillAsync("Здравствуйте!");
        await student.GetByTestId("chat-send").ClickAsync();
        await teacher.Locator("[data-testid=chat-message]", new() { HasText = "Здравствуйте!" }).WaitForAsync(new() { Timeout = Timeout });
        await Check(student, phone ? "student-phone" : "student-desktop", live: true);
        await Check(teacher, "teacher-console", live: true);

        await using var displayContext = await browser.NewContextAsync(Options());
        var display = await displayContext.NewPageAsync();
        await display.GotoAsync($"/d/{token}");
        await display.GetByTestId("cabinet").WaitForAsync(new() { Timeout = Timeout });
        await Check(display, "display", live: true);

        // The lobby: the teacher admits by hand from now on (on a phone the toolbar is on the manage tab).
        if (phone) await teacher.GetByTestId("tab-manage").ClickAsync();
        await teacher.GetByTestId("toolbar-entry").ClickAsync();
        await teacher.GetByTestId("mod-admit-manually").CheckAsync();
        // The box ticks at once; the menu's mark comes with the server's RulesChanged, when it applies.
        await teacher.Locator("[data-testid=toolbar-entry].tb-on").WaitForAsync(new() { Timeout = Timeout });
        if (phone) await Check(teacher, "teacher-console-manage", live: true);
        var lobbyPage = await studentContext.NewPageAsync();
        await lobbyPage.GotoAsync($"/j/{school.CodeOf("Борис Волков")}");
        await lobbyPage.GetByTestId("lobby").WaitForAsync(new() { Timeout = Timeout });
        await Check(lobbyPage, "lobby", live: false);
        await teacher.GetByTestId("lobby-entry").WaitForAsync(new() { Timeout = Timeout });
        if (phone)
        {
            // On a phone the queue is a tab away; its tab counts who waits for the teacher.
            await teacher.GetByTestId("tab-chat").ClickAsync();
            await teacher.GetByTestId("tab-manage").GetByTestId("tab-badge").WaitForAsync(new() { Timeout = Timeout });
            Assert.Equal("1", await teacher.GetByTestId("tab-manage").GetByTestId("tab-badge").InnerTextAsync());
        }

        var waitingPage = await studentContext.NewPageAsync();
        await waitingPage.GotoAsync($"/j/{later.Students[0].Code}");
        await waitingPage.GetByTestId("waiting").WaitForAsync(new() { Timeout = Timeout });
        await Check(waitingPage, "waiting", live: false);

        await teacher.GotoAsync($"/lessons/{school.Lesson.Id}/report");
        await teacher.GetByTestId("report-row").First.WaitForAsync(new() { Timeout = Timeout });
        await Check(teacher, "report", live: false);
    }
}
