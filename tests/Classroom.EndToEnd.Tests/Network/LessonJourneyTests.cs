using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Classroom.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Classroom.Testing.Api.SchoolApi;

namespace Classroom.EndToEnd.Tests.Network;

/// <summary>
/// A whole lesson as a school lives it, with real media through the relay inside the private
/// namespace and over HTTPS with the server's own certificate: a minute before the bell the teacher
/// signs in on a school PC and clicks "start a lesson now" for her class, which leads her into the
/// class's lesson of the timetable with its entry open; one student comes in by his personal code on
/// a PC, another by the class's standing link on her phone; they chat both ways; the phone raises a
/// hand, the teacher gives her the floor (and hears her) and mutes her; the teacher makes a link for
/// the branch building's screen, which is listed to her by its link's name; the bell rings; the
/// screen shows her shared screen full screen with the lesson's title; the teacher ends the lesson;
/// the report shows the school's local times and who was there when, and both CSVs are what Russian
/// Excel opens. The console's status (entry open, in progress, ended) and timer follow without a
/// reload, no page breaks the Content-Security-Policy, and every step is a screenshot at its size.
/// </summary>
[Collection(MediaNetworkFixture.CollectionName)]
public sealed partial class LessonJourneyTests(MediaNetworkFixture fixture) : IAsyncLifetime
{
    private const float Timeout = 30_000;
    private const string SchoolName = "МБОУ СОШ № 2 с. Ивановка";
    private const string Topic = "Законы Ньютона";
    /// <summary>
    /// From the click on "start a lesson now" to the bell. Only opening the console must fit in it (the
    /// lesson is put in the timetable after the sign-in, the slow part on a loaded machine); the steps
    /// before the bell use the rest, so on an idle machine the test waits little for it.
    /// </summary>
    private static readonly TimeSpan ToTheBell = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(45);
    // The school's zone differs from UTC (the machine's) and from the teacher's PC (set to Kaliningrad below).
    private const string SchoolZone = "Asia/Yekaterinburg";
    private static readonly ViewportSize Desktop = new() { Width = 1366, Height = 768 };
    private static readonly ViewportSize Phone = new() { Width = 360, Height = 740 };
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await fixture.StartServerAsync(https: true, settings: new Dictionary<string, string>
    {
        ["Classroom__SchoolName"] = SchoolName,
        ["Classroom__TimeZone"] = SchoolZone,
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private sealed record ClassWithLink(Guid Id, string Name, List<Student> Students, string LinkToken);

    private sealed record ReportRow(string ParticipantId, string Name, bool Attended, DateTimeOffset? FirstJoin);

    private sealed record Report(DateTimeOffset StartsAt, DateTimeOffset EndsAt, List<ReportRow> Rows);

    [Fact]
    public async Task Quick_start_code_and_class_link_chat_hands_floor_mute_display_end_report_and_both_csvs_at_phone_and_desktop_sizes()
    {
        // The school as the admin and the teacher left it: a cabinet, her class and another one.
        await CreateTeacherAsync(_server, "ivanova", "Иванова Мария Петровна", TeacherPassword);
        using var api = _server.NewHttpClient();
        await PostAsync<object>(api, "api/auth/login", new { userName = "ivanova", password = TeacherPassword });
        var cabinet = await PostAsync<Cabinet>(api, "api/cabinets", new { name = "Кабинет физики", subject = "Физика" });
        var other = await PostAsync<ClassSummary>(api, "api/classes", new { name = "7Б" });
        await PostAsync<object>(api, $"api/classes/{other.Id}/students", new { text = "Мария Сидорова" });
        var created = await PostAsync<ClassSummary>(api, "api/classes", new { name = "9А" });
        await PostAsync<object>(api, $"api/classes/{created.Id}/students", new { text = "Анна Белова\nБорис Волков\nВера Гусева" });
        var klass = (await api.GetFromJsonAsync<ClassWithLink>($"api/classes/{created.Id}"))!;
        var boris = klass.Students.Single(s => s.Name == "Борис Волков");
        var anna = klass.Students.Single(s => s.Name == "Анна Белова");

        await using var browser = await fixture.LaunchTrustingAsync(_server);
        var log = new PageLog();
        var csp = new CspRecorder();
        async Task<IPage> OpenAsync(BrowserNewContextOptions options, string who)
        {
            var context = await MediaNetworkFixture.NewContextAsync(browser, fixture.SecureServerUrl, options);
            await csp.AttachAsync(context);
            return log.Watch(await context.NewPageAsync(), who);
        }
        // A teacher whose PC is set to another zone than the school's: the report must use the school's.
        var teacher = await OpenAsync(new() { ViewportSize = Desktop, TimezoneId = "Europe/Kaliningrad" }, "teacher");
        teacher.Dialog += (_, dialog) => dialog.AcceptAsync();
        var borisPage = await OpenAsync(new() { ViewportSize = Desktop }, "Борис");
        var phone = await OpenAsync(new() { ViewportSize = Phone, IsMobile = true, HasTouch = true }, "Анна (phone)");
        var display = await OpenAsync(new() { ViewportSize = Desktop }, "display");
        try
        {
            // Sign in; then "start a lesson now" for 9А on the cabinet's card.
            await teacher.GotoAsync("/");
            await teacher.GetByTestId("login-user").FillAsync("ivanova");
            await teacher.GetByTestId("login-password").FillAsync(TeacherPassword);
            await teacher.GetByTestId("login-submit").ClickAsync();
            var card = teacher.Locator($"[data-testid=cabinet-item][data-cabinet-id='{cabinet.Id}']");
            await card.GetByTestId("quick-start-class").WaitForAsync(new() { Timeout = Timeout });
            await card.GetByTestId("quick-start-class").SelectOptionAsync(new SelectOptionValue { Label = "9А" });
            await Screenshots.SaveAsync(teacher, "journey-01-dashboard");
            // The timetable has 9А here at the bell, a minute away: its entry opened ten minutes before.
            var scheduled = await PostAsync<Lesson>(api, $"api/cabinets/{cabinet.Id}/lessons",
                new { classId = klass.Id, title = Topic, startsAt = DateTimeOffset.UtcNow + ToTheBell, durationMinutes = (int)Period.TotalMinutes });
            await card.GetByTestId("quick-start-submit").ClickAsync();
            await teacher.GetByTestId("cabinet").WaitForAsync(new() { Timeout = Timeout });
            var lessonId = Guid.Parse(teacher.Url.Split('/')[^1]);
            Assert.Equal(scheduled.Id, lessonId);
            await teacher.EvaluateAsync("() => { window.__sameDocument = true; }");

            // The console: entry open (nothing left to open early), and its timer counts down to the bell.
            await teacher.Locator("[data-testid=lesson-phase][data-phase='1']").WaitForAsync(new() { Timeout = Timeout });
            Assert.Equal(0, await teacher.GetByTestId("cabinet-open-early").CountAsync());
            var timer = teacher.GetByTestId("lesson-timer");
            Assert.Equal("before", await timer.GetAttributeAsync("data-state"));
            await LessonTimer.AssertBeforeStartAsync(timer, scheduled.StartsAt);
            var shown = await timer.InnerTextAsync();
            await teacher.WaitForFunctionAsync("t => document.querySelector('[data-testid=lesson-timer]').textContent !== t", shown, new() { Timeout = Timeout });
            var teacherId = (await teacher.Locator("[data-testid=participant][data-role='0']").GetAttributeAsync("data-id"))!;
            await Screenshots.SaveAsync(teacher, "journey-02-console-open");

            // Boris types his personal code on a PC.
            await borisPage.GotoAsync("/j");
            await borisPage.GetByTestId("code-input").FillAsync(boris.CodeDisplay);
            await Screenshots.SaveAsync(borisPage, "journey-03-code");
            await borisPage.GetByTestId("code-submit").ClickAsync();
            await borisPage.GetByTestId("cabinet").WaitForAsync(new() { Timeout = Timeout });

            // Anna opens the class's standing link on her phone: it names the lesson open now, then her code.
            await phone.GotoAsync($"/k/{klass.LinkToken}");
            await phone.GetByTestId("class-link-current").WaitForAsync(new() { Timeout = Timeout });
            Assert.Contains("9А", await phone.GetByTestId("class-link-page").InnerTextAsync(), StringComparison.Ordinal);
            await Layout.AssertNoHorizontalScrollAsync(phone, "the class link on a phone");
            await Screenshots.SaveAsync(phone, "journey-04-class-link");
            await phone.GetByTestId("code-input").FillAsync(anna.CodeDisplay.ToLowerInvariant());
            await phone.GetByTestId("code-submit").ClickAsync();
            await phone.GetByTestId("cabinet").WaitForAsync(new() { Timeout = Timeout });
            var annaRow = teacher.Locator("[data-testid=participant][data-name='Анна Белова']");
            var borisRow = teacher.Locator("[data-testid=participant][data-name='Борис Волков']");
            await annaRow.WaitForAsync(new() { Timeout = Timeout });
            await borisRow.WaitForAsync(new() { Timeout = Timeout });
            var annaId = (await annaRow.GetAttributeAsync("data-id"))!;

            // Media: both students see the teacher; the teacher sees both.
            await MediaStats.UntilAsync(async () => await MediaStats.DecodedAsync(phone, teacherId) > 0, "the phone did not decode the teacher's camera");
            await MediaStats.UntilAsync(async () => await MediaStats.DecodedAsync(borisPage, teacherId) > 0, "Boris did not decode the teacher's camera");
            await MediaStats.UntilAsync(async () => await MediaStats.DecodedAsync(teacher, annaId) > 0, "the teacher did not decode Anna's camera");

            // Chat both ways; on the phone the input is in view.
            await borisPage.GetByTestId("chat-input").FillAsync("Здравствуйте, Мария Петровна!");
            await borisPage.GetByTestId("chat-send").ClickAsync();
            await teacher.Locator("[data-testid=chat-message]", new() { HasText = "Здравствуйте, Мария Петровна!" }).WaitForAsync(new() { Timeout = Timeout });
            await teacher.GetByTestId("chat-input").FillAsync("Добрый день! Открываем тетради.");
            await teacher.GetByTestId("chat-send").ClickAsync();
            await phone.Locator("[data-testid=chat-message]", new() { HasText = "Добрый день! Открываем тетради." }).WaitForAsync(new() { Timeout = Timeout });
            await borisPage.Locator("[data-testid=chat-message]", new() { HasText = "Добрый день! Открываем тетради." }).WaitForAsync(new() { Timeout = Timeout });
            await Layout.AssertInViewportAsync(phone.GetByTestId("chat-input"), "the phone's chat input");
            await Layout.AssertNoHorizontalScrollAsync(phone, "the phone in the lesson");
            await phone.GetByTestId("chat-input").FillAsync("Я с телефона, всё видно");
            await phone.GetByTestId("chat-send").ClickAsync();
            await teacher.Locator("[data-testid=chat-message]", new() { HasText = "Я с телефона, всё видно" }).WaitForAsync(new() { Timeout = Timeout });
            await Screenshots.SaveAsync(phone, "journey-05-phone-chat");
            await Screenshots.SaveAsync(borisPage, "journey-05-student-desktop");

            // Anna raises her hand; the teacher sees the queue and gives her the floor: her microphone
            // is on and the teacher hears her; then the teacher mutes her and hears nothing more.
            await phone.GetByTestId("hand-toggle").ClickAsync();
            var queued = teacher.Locator($"[data-testid=hand-queue-item][data-id='{annaId}']");
            await queued.WaitForAsync(new() { Timeout = Timeout });
            await Screenshots.SaveAsync(teacher, "journey-06-hand-queue");
            var heardBefore = await MediaStats.AudioPacketsAsync(teacher, annaId);
            await queued.GetByTestId("mod-give-floor").ClickAsync();
            await phone.Locator("[data-testid=mic-toggle][data-state=on]").WaitForAsync(new() { Timeout = Timeout });
            await phone.Locator("[data-testid=hand-toggle][aria-pressed=false]").WaitForAsync(new() { Timeout = Timeout });
            await teacher.Locator($"[data-testid=participant][data-id='{annaId}'][data-mic=on]").WaitForAsync(new() { Timeout = Timeout });
            await MediaStats.UntilAsync(async () => await MediaStats.AudioPacketsAsync(teacher, annaId) > heardBefore + 50, "the teacher did not hear Anna with the floor");
            await Screenshots.SaveAsync(phone, "journey-07-phone-floor");
            await annaRow.GetByTestId("mod-menu").ClickAsync();
            await annaRow.GetByTestId("mod-mute").ClickAsync();
            await phone.Locator("[data-testid=mic-toggle][data-state=off]").WaitForAsync(new() { Timeout = Timeout });
            await teacher.Locator($"[data-testid=participant][data-id='{annaId}'][data-mic=off]").WaitForAsync(new() { Timeout = Timeout });
            await MediaStats.AssertStoppedAsync(() => MediaStats.AudioPacketsAsync(teacher, annaId), "Anna's audio at the teacher's after the mute");

            // A link for the branch building's screen, made on the dashboard in a second tab: named «Экран филиала».
            var dashboard = log.Watch(await teacher.Context.NewPageAsync(), "teacher's dashboard");
            await dashboard.GotoAsync("/");
            await dashboard.Locator($"[data-lesson-id='{lessonId}'] [data-testid=links-toggle]").ClickAsync();
            await dashboard.GetByTestId("link-role").SelectOptionAsync("display");
            Assert.Equal("Экран филиала", await dashboard.GetByTestId("link-name").InputValueAsync());
            await dashboard.GetByTestId("link-create").ClickAsync();
            var listed = dashboard.Locator("[data-testid=lesson-link][data-role=display]");
            await listed.WaitForAsync(new() { Timeout = Timeout });
            var displayUrl = await listed.Locator("input.url-input").InputValueAsync();
            Assert.StartsWith(new Uri(fixture.SecureServerUrl, "/d/").ToString(), displayUrl, StringComparison.Ordinal);
            await Screenshots.SaveAsync(dashboard, "journey-08-display-link");
            await dashboard.CloseAsync();

            // The screen in the branch building opens it; the teacher sees it listed under that name.
            await display.GotoAsync(displayUrl);
            await display.Locator("[data-testid=cabinet].display-mode").WaitForAsync(new() { Timeout = Timeout });
            var screenRow = teacher.Locator("[data-testid=participant][data-role='4']");
            await screenRow.WaitForAsync(new() { Timeout = Timeout });
            Assert.Equal("Экран филиала", await screenRow.GetAttributeAsync("data-name"));
            Assert.DoesNotContain("Display", await screenRow.InnerTextAsync(), StringComparison.Ordinal);

            // The bell: the console moves to "in progress" by itself, and its timer counts the lesson.
            await teacher.Locator("[data-testid=lesson-phase][data-phase='2']").WaitForAsync(new() { Timeout = (float)(ToTheBell.TotalMilliseconds + Timeout) });
            await teacher.Locator("[data-testid=lesson-timer][data-state=running]").WaitForAsync(new() { Timeout = Timeout });
            await LessonTimer.AssertRunningAsync(timer, scheduled.StartsAt, Period);
            Assert.True(await teacher.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the console was reloaded");
            await Screenshots.SaveAsync(teacher, "journey-09-console-started");

            // The teacher shares her screen: the display shows it over its whole screen with the caption.
            await teacher.GetByTestId("screen-toggle").ClickAsync();
            await MediaStats.UntilInboundAsync(display, t => t.Any(x => x.Source == "screen" && x.ParticipantId == teacherId && x.FramesDecoded > 0), "the display did not decode the screen");
            var size = await Layout.SizeAsync(display);
            var shared = display.Locator("[data-testid=media-tile][data-source=screen]");
            await shared.WaitForAsync(new() { Timeout = Timeout });
            var box = await shared.BoundingBoxAsync();
            Assert.True(box!.Width >= size.InnerWidth - 2 && box.Height >= size.InnerHeight - 2, $"the shared screen takes {box.Width}x{box.Height} of {size.InnerWidth}x{size.InnerHeight}");
            await Layout.AssertInViewportAsync(display.GetByTestId("display-caption"), "the display's caption");
            Assert.Equal(SchoolName, await display.GetByTestId("display-school").InnerTextAsync());
            Assert.Equal(Topic, await display.GetByTestId("display-title").InnerTextAsync());
            Assert.Contains("9А", await display.GetByTestId("display-caption").InnerTextAsync(), StringComparison.Ordinal);
            await Layout.AssertNoVerticalScrollAsync(display, "the display");
            await Screenshots.SaveAsync(display, "journey-10-display-share");

            // The phone puts the screen first and still keeps its chat input in view.
            await MediaStats.UntilInboundAsync(phone, t => t.Any(x => x.Source == "screen" && x.FramesDecoded > 0), "the phone did not decode the screen");
            await phone.Locator("[data-testid=media-tile][data-source=screen]").WaitForAsync(new() { Timeout = Timeout });
            Assert.Equal("screen", await phone.Locator("[data-testid=media-tile]").First.GetAttributeAsync("data-source"));
            await Layout.AssertInViewportAsync(phone.GetByTestId("chat-input"), "the phone's chat input during the share");
            await Layout.AssertNoHorizontalScrollAsync(phone, "the phone during the share");
            await Screenshots.SaveAsync(phone, "journey-11-phone-share");
            Assert.Equal("2", await teacher.GetByTestId("lesson-phase").GetAttributeAsync("data-phase"));
            await Screenshots.SaveAsync(teacher, "journey-11-console-share");

            // The end: every screen says so, the console without a reload.
            await teacher.GetByTestId("cabinet-end-lesson").ClickAsync();
            await teacher.GetByTestId("lesson-ended").WaitForAsync(new() { Timeout = Timeout });
            Assert.True(await teacher.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the console was reloaded");
            await phone.GetByTestId("lesson-ended").WaitForAsync(new() { Timeout = Timeout });
            await borisPage.GetByTestId("lesson-ended").WaitForAsync(new() { Timeout = Timeout });
            await display.GetByTestId("lesson-ended").WaitForAsync(new() { Timeout = Timeout });
            await Screenshots.SaveAsync(teacher, "journey-12-ended");
            await Screenshots.SaveAsync(phone, "journey-12-ended");
            await Screenshots.SaveAsync(display, "journey-12-display-ended");

            await CheckReportAsync(teacher, api, lessonId, annaId);
            csp.AssertNone();
        }
        catch (Exception e) when (PageLog.Explains(e))
        {
            throw log.Explain(e, _server);
        }
    }

    /// <summary>
    /// From the ended console to the report: the school's zone and local times (against the server's
    /// own record of the lesson), the timeline, and both CSVs downloaded as a teacher does.
    /// </summary>
    private static async Task CheckReportAsync(IPage teacher, HttpClient api, Guid lessonId, string annaId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(SchoolZone);
        var report = (await api.GetFromJsonAsync<Report>($"api/lessons/{lessonId}/report"))!;
        string Local(DateTimeOffset at, string format) => TimeZoneInfo.ConvertTime(at, zone).ToString(format, CultureInfo.InvariantCulture);

        await teacher.GetByTestId("lesson-ended").GetByRole(AriaRole.Link, new() { Name = "Отчёт о посещении" }).ClickAsync();
        await teacher.GetByTestId("report-table").WaitForAsync(new() { Timeout = Timeout });
        Assert.Contains(SchoolZone, await teacher.GetByTestId("report-zone").InnerTextAsync(), StringComparison.Ordinal);
        // The lesson's times as the school's clock read them, not the teacher's PC (two hours behind).
        var heading = await teacher.Locator("h1 + p").InnerTextAsync();
        Assert.Contains(Local(report.StartsAt, "HH:mm"), heading, StringComparison.Ordinal);
        Assert.Contains(Local(report.EndsAt, "HH:mm"), heading, StringComparison.Ordinal);
        Assert.NotEqual(Local(report.StartsAt, "HH:mm"), TimeZoneInfo.ConvertTime(report.StartsAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/Kaliningrad")).ToString("HH:mm", CultureInfo.InvariantCulture));
        var rows = teacher.GetByTestId("report-row");
        Assert.Equal(3, await rows.CountAsync());
        foreach (var row in report.Rows.Where(r => r.Attended))
        {
            var shown = teacher.Locator("[data-testid=report-row]", new() { HasText = row.Name }).GetByTestId("report-first-join");
            Assert.Equal(Local(row.FirstJoin!.Value, "HH:mm"), await shown.InnerTextAsync());
        }
        Assert.Equal("Анна Белова, Борис Волков", string.Join(", ", report.Rows.Where(r => r.Attended).Select(r => r.Name).Order(StringComparer.Ordinal)));

        // The timeline: both present, Anna's raised hand on it, Vera never there.
        var chart = teacher.GetByTestId("presence-chart");
        await chart.WaitForAsync(new() { Timeout = Timeout });
        Assert.True(await chart.Locator("[data-testid=presence-row][data-name='Анна Белова'] [data-kind=present]").CountAsync() >= 1);
        Assert.True(await chart.Locator("[data-testid=presence-row][data-name='Борис Волков'] [data-kind=present]").CountAsync() >= 1);
        Assert.True(await chart.Locator($"[data-testid=presence-row][data-id='{annaId}'] [data-kind=hand]").CountAsync() >= 1);
        Assert.Equal(0, await chart.Locator("[data-testid=presence-row][data-name='Вера Гусева'] [data-kind=present]").CountAsync());
        await teacher.GetByTestId("report-log-entry").First.WaitForAsync(new() { Timeout = Timeout });
        await Screenshots.SaveAsync(teacher, "journey-13-report");

        // Attendance CSV: the bytes Russian Excel opens as a table with times and numbers.
        var attendance = await DownloadAsync(teacher, "report-csv");
        var lines = CsvLines(attendance, "the attendance CSV");
        var header = lines[0].Split(';');
        Assert.Equal(8, header.Length);
        Assert.Contains(SchoolZone, header[2], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length);
        foreach (var line in lines[1..])
        {
            var cells = line.Split(';');
            Assert.Equal(8, cells.Length);
            Assert.Matches(ExcelNumber(), cells[4]);
            var row = report.Rows.Single(r => r.Name == cells[0]);
            Assert.Equal(row.FirstJoin is { } first ? Local(first, "dd.MM.yyyy HH:mm:ss") : "", cells[2]);
        }

        // Moderation log CSV: the floor and the mute, to Anna, at the school's times.
        var moderation = await DownloadAsync(teacher, "report-log-csv");
        var logLines = CsvLines(moderation, "the moderation CSV");
        Assert.Contains(SchoolZone, logLines[0].Split(';')[0], StringComparison.Ordinal);
        var toAnna = logLines[1..].Select(l => l.Split(';')).Where(c => c.Length == 5 && c[3] == "Анна Белова").ToList();
        Assert.True(toAnna.Count >= 2, string.Join("\n", logLines));
        Assert.All(toAnna, c => Assert.Matches(LocalTime(), c[0]));
    }

    /// <summary>Clicks the report's link and returns the file's bytes as the browser saved them.</summary>
    private static async Task<byte[]> DownloadAsync(IPage page, string testId)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId(testId).ClickAsync(), new() { Timeout = Timeout });
        Assert.Null(await download.FailureAsync());
        return await File.ReadAllBytesAsync((await download.PathAsync())!);
    }

    /// <summary>UTF-8 with a BOM, CRLF lines, <c>;</c> between fields, no decimal point anywhere; the lines without the BOM.</summary>
    private static string[] CsvLines(byte[] bytes, string what)
    {
        Assert.True(bytes.Length > 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, $"{what} has no UTF-8 BOM");
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 3, bytes.Length - 3);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotMatch("[^\r]\n", text);
        var lines = text[..^2].Split("\r\n");
        Assert.All(lines, l => Assert.Contains(';', l));
        // "1.5" becomes a date in Russian Excel: no number with a decimal point in any cell.
        Assert.DoesNotMatch(@"(^|;)\d+\.\d+(;|$)", text);
        return lines;
    }

    /// <summary>A number Excel keeps as a number in a Russian locale: digits, or digits with a decimal comma.</summary>
    [GeneratedRegex(@"^\d+(,\d+)?$")]
    private static partial Regex ExcelNumber();

    [GeneratedRegex(@"^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$")]
    private static partial Regex LocalTime();
}
