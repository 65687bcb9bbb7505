using Classroom.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Classroom.Testing.Api.SchoolApi;

namespace Classroom.EndToEnd.Tests.Browser;

/// <summary>
/// The Content-Security-Policy the server sends is one the real client lives with: a teacher signs in
/// through the form and opens the cabinet, a student enters by code, they chat, and the browser
/// reports no violation on either page. Another site cannot frame the console.
/// </summary>
public sealed class SecurityPolicyInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const float Timeout = 30_000;

    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static void RecordConsole(IPage page, List<string> sink) =>
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.Contains("Refused to", StringComparison.Ordinal))
                lock (sink) sink.Add(message.Text);
        };

    [Fact]
    public async Task Sign_in_a_lesson_with_chat_and_the_student_view_run_without_a_single_policy_violation()
    {
        using var school = await School.CreateAsync(_server, new LessonPlan
        {
            Names = ["Анна Белова"], EntryOpensMinutesBefore = null,
            CabinetName = "Кабинет физики", Subject = "Физика", ClassName = "9А",
        }, "ivanova", "Иванова Мария Ивановна");
        var (klass, lesson) = (school.Class, school.Lesson);

        var csp = new CspRecorder();
        await using var teacherContext = await browser.NewContextAsync(new() { BaseURL = _server.BaseAddress.ToString() });
        await using var studentContext = await browser.NewContextAsync(new()
        {
            BaseURL = _server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
        });
        await csp.AttachAsync(teacherContext);
        await csp.AttachAsync(studentContext);
        var teacher = await teacherContext.NewPageAsync();
        var student = await studentContext.NewPageAsync();

        // The policy is really there (the test would prove nothing without it).
        var first = await teacher.GotoAsync("/");
        Assert.NotNull(first);
        var policy = await first.HeaderValueAsync("content-security-policy");
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);

        await teacher.GetByTestId("login-user").FillAsync("ivanova");
        await teacher.GetByTestId("login-password").FillAsync("teacher-pass-1");
        await teacher.GetByTestId("login-submit").ClickAsync();
        await teacher.GetByTestId("enter-cabinet").First.WaitForAsync(new() { Timeout = Timeout });
        await teacher.GetByTestId("enter-cabinet").First.ClickAsync();
        await teacher.GetByTestId("cabinet").WaitForAsync(new() { Timeout = Timeout });

        await student.GotoAsync($"/j/{klass.Students[0].Code}");
        await student.GetByTestId("cabinet").WaitForAsync(new() { Timeout = Timeout });
        await teacher.Locator("[data-testid=participant]", new() { HasText = "Анна Белова" }).WaitForAsync(new() { Timeout = Timeout });

        await student.GetByTestId("chat-input").FillAsync("Здравствуйте!");
        await student.GetByTestId("chat-send").ClickAsync();
        await teacher.Locator("[data-testid=chat-message]", new() { HasText = "Здравствуйте!" }).WaitForAsync(new() { Timeout = Timeout });
        await teacher.GetByTestId("chat-input").FillAsync("Добрый день, Анна");
        await teacher.GetByTestId("chat-send").ClickAsync();
        await student.Locator("[data-testid=chat-message]", new() { HasText = "Добрый день, Анна" }).WaitForAsync(new() { Timeout = Timeout });

        // Back to the dashboard and the report page: other screens, same policy.
        await teacher.GotoAsync("/");
        await teacher.GetByTestId("dashboard").WaitForAsync(new() { Timeout = Timeout });
        await teacher.GotoAsync($"/lessons/{lesson.Id}/report");
        await teacher.GetByTestId("report-row").First.WaitForAsync(new() { Timeout = Timeout });

        Assert.Empty(await CspRecorder.InDocumentAsync(teacher));
        Assert.Empty(await CspRecorder.InDocumentAsync(student));
        csp.AssertNone();

        // The recorder does hear violations: an injected inline script is refused and reported.
        var probe = await teacherContext.NewPageAsync();
        await probe.GotoAsync("/");
        await probe.GetByTestId("dashboard").WaitForAsync(new() { Timeout = Timeout });
        await probe.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.head.append(s); }");
        await probe.WaitForFunctionAsync("() => window.__csp.length > 0", null, new() { Timeout = Timeout });
        Assert.Contains("script-src", (await CspRecorder.InDocumentAsync(probe))[0], StringComparison.Ordinal);
        Assert.Null(await probe.EvaluateAsync<int?>("window.__ran ?? null"));
        // ...and keeps it when the page moves on, for tests that assert at the end of a journey.
        await probe.GotoAsync("/");
        await probe.GetByTestId("dashboard").WaitForAsync(new() { Timeout = Timeout });
        Assert.Contains(csp.Violations, v => v.Contains("script-src", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_site_cannot_show_the_console_in_a_frame()
    {
        await using var context = await browser.NewContextAsync(new());
        var page = await context.NewPageAsync();
        var blocked = new List<string>();
        RecordConsole(page, blocked);
        // A page of another origin (about:blank here) that frames the server's sign-in page.
        await page.SetContentAsync($"<iframe id=f src=\"{_server.BaseAddress}\"></iframe>");
        var frame = page.Frames.Single(f => f != page.MainFrame);
        await Eventually.TrueAsync(() => frame.Url != "about:blank", "the frame did not load", TimeSpan.FromSeconds(30));
        // The browser refused to render it: an error page instead of our app, and it says why.
        Assert.StartsWith("chrome-error:", frame.Url, StringComparison.Ordinal);
        await Eventually.ValueAsync(
            () => Task.FromResult(Copy(blocked)),
            messages => messages.Any(m => m.Contains("frame-ancestors", StringComparison.Ordinal) || m.Contains("X-Frame-Options", StringComparison.Ordinal)),
            "the browser did not say it refused the frame",
            messages => string.Join("\n", messages),
            TimeSpan.FromSeconds(30));
    }

    private static List<string> Copy(List<string> messages)
    {
        lock (messages) return [.. messages];
    }
}
