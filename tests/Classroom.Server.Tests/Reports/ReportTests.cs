using System.Globalization;
using System.Net;
using System.Text;
using Classroom.Contracts;
using Classroom.Core.Moderation;
using Classroom.Server.Classes;
using Classroom.Server.Reports;
using Classroom.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Classroom.Server.Tests.Reports;

/// <summary>
/// The attendance report as a school reads it: times of the school's zone, CSVs Russian Excel opens
/// as they are (bytes checked), the moderation log, the presence timeline and the roster as it was.
/// </summary>
public sealed class ReportTests : HostedTest
{
    // UTC+5 all year (no summer time), far from the test machine's UTC: a shift cannot pass by chance.
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Classroom:TimeZone"] = "Asia/Yekaterinburg" };

    private static readonly TimeSpan Yekaterinburg = TimeSpan.FromHours(5);

    /// <summary>Moves the test clock to a whole second: storage keeps instants to 0.1 ms, and times compare exactly.</summary>
    private DateTimeOffset WholeSecond()
    {
        var ticks = Host.Time.GetUtcNow().Ticks % TimeSpan.TicksPerSecond;
        if (ticks != 0) Host.Time.Advance(TimeSpan.FromTicks(TimeSpan.TicksPerSecond - ticks));
        return Host.Time.GetUtcNow();
    }

    private static string[] CsvLines(byte[] bytes)
    {
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        return text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task Csvs_give_school_times_whole_minutes_and_the_moderation_log_in_bytes_excel_keeps()
    {
        var start = WholeSecond();
        var school = await School.CreateAsync(Host, students: 2, start);
        await using var teacher = await school.Teacher.ConnectAsync();
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        var anna = await Host.NewSession().ConnectAsync();
        var annaId = (await anna.JoinAsync(school.CodeOf(0))).Snapshot!.You.Id;
        var joinedAt = Host.Time.GetUtcNow();
        Host.Time.Advance(TimeSpan.FromSeconds(10 * 60 + 30));
        await teacher.ModerateAsync(ModerationAction.Mute, annaId);
        await teacher.ModerateAsync(ModerationAction.Kick, annaId, "=HYPERLINK(\"http://evil\")");
        await anna.Closed;
        await anna.DisposeAsync();

        var report = await school.Teacher.GetAsync<AttendanceReportView>($"/api/lessons/{school.Lesson.Id}/report");
        Assert.Equal("Asia/Yekaterinburg", report.TimeZone);
        Assert.Equal(10.5, report.Rows[0].MinutesPresent);
        Assert.Equal([ModerationAction.Mute, ModerationAction.Kick], report.ModerationLog.Select(e => (ModerationAction)e.Action));

        var csv = await school.Teacher.Http.GetAsync($"/api/lessons/{school.Lesson.Id}/report.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = CsvLines(await csv.Content.ReadAsByteArrayAsync());
        Assert.Equal("Ученик;Был на уроке;Первый вход (Asia/Yekaterinburg, UTC+05:00);Последний выход (Asia/Yekaterinburg, UTC+05:00);"
            + "Минут на уроке;Переподключений;Сообщений в чате;Поднятых рук", lines[0]);
        var local = joinedAt.ToOffset(Yekaterinburg).ToString("dd.MM.yyyy HH:mm:ss", CultureInfo.InvariantCulture);
        var left = joinedAt.AddSeconds(630).ToOffset(Yekaterinburg).ToString("dd.MM.yyyy HH:mm:ss", CultureInfo.InvariantCulture);
        // 10.5 minutes is written 11: an integer, a number in Excel of any locale (1.5 became a date).
        Assert.Equal($"Ученик 01;да;{local};{left};11;0;0;0", lines[1]);
        Assert.Equal("Ученик 02;нет;;;0;0;0;0", lines[2]);
        var english = CsvLines(await (await school.Teacher.Http.GetAsync($"/api/lessons/{school.Lesson.Id}/report.csv?lang=en")).Content.ReadAsByteArrayAsync());
        Assert.StartsWith("Student;Attended;First join (Asia/Yekaterinburg, UTC+05:00);", english[0], StringComparison.Ordinal);
        Assert.Contains(joinedAt.ToOffset(Yekaterinburg).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), english[1], StringComparison.Ordinal);

        var log = CsvLines(await (await school.Teacher.Http.GetAsync($"/api/lessons/{school.Lesson.Id}/moderation.csv")).Content.ReadAsByteArrayAsync());
        Assert.Equal("Время (Asia/Yekaterinburg, UTC+05:00);Кто;Действие;Кому;Подробности", log[0]);
        Assert.Equal($"{left};Мария Ивановна;выключен микрофон;Ученик 01;", log[1]);
        // The reason starts like a formula: escaped, so Excel shows it as text and runs nothing.
        Assert.StartsWith($"{left};Мария Ивановна;удалён с урока;Ученик 01;", log[2], StringComparison.Ordinal);
        Assert.DoesNotContain(";=HYPERLINK", log[2], StringComparison.Ordinal);
        Assert.Contains("'=HYPERLINK", log[2], StringComparison.Ordinal);
        var logEn = CsvLines(await (await school.Teacher.Http.GetAsync($"/api/lessons/{school.Lesson.Id}/moderation.csv?lang=en")).Content.ReadAsByteArrayAsync());
        Assert.Equal("Time (Asia/Yekaterinburg, UTC+05:00);By;Action;To;Details", logEn[0]);
        Assert.Contains(";microphone muted;", logEn[1], StringComparison.Ordinal);

        using var other = await Host.NewTeacherAsync("other");
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/api/lessons/{school.Lesson.Id}/moderation.csv")).StatusCode);
    }

    [Fact]
    public async Task The_timeline_draws_presence_reconnects_the_lobby_and_hands_from_recorded_events()
    {
        var start = WholeSecond();
        var school = await School.CreateAsync(Host, students: 3, start);
        await using var teacher = await school.Teacher.ConnectAsync();
        await teacher.JoinAsync(lessonId: school.Lesson.Id);

        // Anna: in from the start, her link drops at 10 min, back at 12, raises a hand at 15.
        var anna = await Host.NewSession().ConnectAsync();
        await anna.JoinAsync(school.CodeOf(0));
        Host.Time.Advance(TimeSpan.FromMinutes(10));
        await anna.DisposeAsync();
        await teacher.WaitUntilAsync(c => c.Left.Count == 1);
        Host.Time.Advance(TimeSpan.FromMinutes(2));
        await using var annaBack = await Host.NewSession().ConnectAsync();
        await annaBack.JoinAsync(school.CodeOf(0));
        // Boris comes late while the teacher admits by hand: 3 minutes in the lobby.
        await teacher.ModerateAsync(ModerationAction.AdmitManually, value: "true");
        await using var boris = await Host.NewSession().ConnectAsync();
        Assert.Equal(JoinStatus.Lobby, (await boris.JoinAsync(school.CodeOf(1))).Status);
        await teacher.WaitUntilAsync(c => c.LobbyNow.Count == 1);
        Host.Time.Advance(TimeSpan.FromMinutes(3));
        await teacher.ModerateAsync(ModerationAction.AdmitFromLobby, teacher.LobbyNow[0].Id);
        await boris.Admitted;
        await annaBack.Connection.InvokeAsync(HubMethods.RaiseHand, true);
        Host.Time.Advance(TimeSpan.FromMinutes(5));
        await teacher.Connection.InvokeAsync(HubMethods.EndLesson);
        await boris.Closed;

        var timeline = await school.Teacher.GetAsync<TimelineView>($"/api/lessons/{school.Lesson.Id}/timeline");
        Assert.Equal(("Asia/Yekaterinburg", start, start.AddMinutes(20)), (timeline.TimeZone, timeline.From, timeline.Until));
        var rows = timeline.Rows.ToDictionary(r => r.Name);
        Assert.Equal([(start, start.AddMinutes(10)), (start.AddMinutes(12), start.AddMinutes(20))], rows["Ученик 01"].Present.Select(s => (s.From, s.To)));
        Assert.Equal([start.AddMinutes(15)], rows["Ученик 01"].Hands);
        Assert.Empty(rows["Ученик 01"].Lobby);
        Assert.Equal([(start.AddMinutes(12), start.AddMinutes(15))], rows["Ученик 02"].Lobby.Select(s => (s.From, s.To)));
        Assert.Equal([(start.AddMinutes(15), start.AddMinutes(20))], rows["Ученик 02"].Present.Select(s => (s.From, s.To)));
        Assert.Empty(rows["Ученик 03"].Present);
        // The lobby is not presence in the report either.
        var report = await school.Teacher.GetAsync<AttendanceReportView>($"/api/lessons/{school.Lesson.Id}/report");
        Assert.Equal(5, report.Rows.Single(r => r.Name == "Ученик 02").MinutesPresent);
    }

    [Fact]
    public async Task Reports_read_the_roster_as_it_was_and_the_term_gives_each_student_a_rate()
    {
        var day = TimeSpan.FromDays(1);
        var start = Host.Time.GetUtcNow();
        var school = await School.CreateAsync(Host, students: 2, start, durationMinutes: 45);
        var lessonsPath = $"/api/cabinets/{school.Cabinet.Id}/lessons";
        var second = await school.Teacher.PostAsync<Classroom.Server.Lessons.LessonView>(lessonsPath, new { classId = school.Class.Id, startsAt = start + day, durationMinutes = 45 });
        var third = await school.Teacher.PostAsync<Classroom.Server.Lessons.LessonView>(lessonsPath, new { classId = school.Class.Id, startsAt = start + 2 * day, durationMinutes = 45 });

        // Lesson 1: Anna only. After it a new girl joins the class.
        await Attend(school.CodeOf(0));
        Host.Time.Advance(start + TimeSpan.FromHours(2) - Host.Time.GetUtcNow());
        var vera = (await school.Teacher.PostAsync<ClassView>($"/api/classes/{school.Class.Id}/students", new { text = "Вера Новикова" })).Students.Single(s => s.Name == "Вера Новикова");
        // Lesson 2: Anna and Vera. Boris leaves the school during it (he was on the roster when it began).
        Host.Time.Advance(start + day - Host.Time.GetUtcNow());
        await Attend(school.CodeOf(0), vera.Code);
        await school.Teacher.PostAsync<ClassView>($"/api/classes/{school.Class.Id}/students/remove", new { ids = new[] { school.Class.Students[1].Id } });
        // Lesson 3: Vera only.
        Host.Time.Advance(start + 2 * day - Host.Time.GetUtcNow());
        await Attend(vera.Code);
        Host.Time.Advance(TimeSpan.FromHours(2));

        var first = await school.Teacher.GetAsync<AttendanceReportView>($"/api/lessons/{school.Lesson.Id}/report");
        Assert.Equal(["Ученик 01", "Ученик 02"], first.Rows.Select(r => r.Name));
        var last = await school.Teacher.GetAsync<AttendanceReportView>($"/api/lessons/{third.Id}/report");
        Assert.Equal(["Вера Новикова", "Ученик 01"], last.Rows.Select(r => r.Name));

        var today = start.ToOffset(Yekaterinburg);
        var from = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = today.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var term = await school.Teacher.GetAsync<TermReportView>($"/api/classes/{school.Class.Id}/attendance?from={from}&to={to}");
        Assert.Equal([school.Lesson.Id, second.Id, third.Id], term.Lessons.Select(l => l.Id));
        var rates = term.Students.ToDictionary(s => s.Name, s => (s.Expected, s.Attended, s.Rate));
        Assert.Equal((3, 2, 0.667), rates["Ученик 01"]);
        Assert.Equal((2, 0, 0.0), rates["Ученик 02"]);
        Assert.Equal((2, 2, 1.0), rates["Вера Новикова"]);

        Assert.Equal(HttpStatusCode.BadRequest, (await school.Teacher.Http.GetAsync($"/api/classes/{school.Class.Id}/attendance?from={to}&to={from}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await school.Teacher.Http.GetAsync($"/api/classes/{school.Class.Id}/attendance?from=23.11.2026")).StatusCode);
        using var other = await Host.NewTeacherAsync("other");
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/api/classes/{school.Class.Id}/attendance")).StatusCode);

        async Task Attend(params string[] codes)
        {
            foreach (var code in codes)
            {
                await using var student = await Host.NewSession().ConnectAsync();
                Assert.Equal(JoinStatus.Admitted, (await student.JoinAsync(code)).Status);
                Host.Time.Advance(TimeSpan.FromMinutes(1));
            }
        }
    }

    [Fact]
    public async Task A_term_at_the_edge_of_the_calendar_is_refused_with_a_code_not_a_crash()
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow());
        // The day after 9999-12-31 and the midnight of 0001-01-01 east of UTC do not exist.
        foreach (var range in new[] { "from=9999-12-30&to=9999-12-31", "from=0001-01-01&to=0001-01-02", "to=0001-01-01" })
        {
            var response = await school.Teacher.Http.GetAsync($"/api/classes/{school.Class.Id}/attendance?{range}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("\"code\":\"bad_request\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_time_zone_that_does_not_exist_stops_the_server_with_a_clear_message()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = ClassroomHost.Start(settings: new Dictionary<string, string> { ["Classroom:TimeZone"] = "Mars/Olympus" });
        });
        Assert.Contains("Classroom:TimeZone", ex.ToString(), StringComparison.Ordinal);
    }
}
