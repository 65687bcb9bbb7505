using Classroom.Contracts;
using Classroom.Core.Attendance;
using Classroom.Server.Accounts;
using Classroom.Server.Hosting;
using Classroom.Server.Lessons;
using Classroom.Server.Moderation;
using Classroom.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Classroom.Server.Reports;

/// <summary>A lesson's attendance per roster student (as the roster was at the lesson), with its moderation log.</summary>
public sealed record AttendanceReportView(
    Guid LessonId, string Title, string ClassName, DateTimeOffset StartsAt, DateTimeOffset EndsAt, IReadOnlyList<StudentAttendance> Rows,
    IReadOnlyList<ModerationEntryView> ModerationLog, string TimeZone = "UTC");

/// <summary>Who was in the lesson when: one row per roster student, drawn by the report page.</summary>
public sealed record TimelineView(
    Guid LessonId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset From, DateTimeOffset Until, string TimeZone, IReadOnlyList<PresenceRow> Rows);

/// <summary>Who attended and worked: per roster student, as a page (JSON), as CSV for Excel, the moderation log as CSV, and a timeline.</summary>
public static class ReportEndpoints
{
    /// <summary>The whole log of a lesson goes into its report; a lesson's log is bounded by its length and the hub's rate limits.</summary>
    private const int MaxLogEntries = 10_000;

    public static void MapReports(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/lessons/{id:guid}").RequireAuthorization();
        group.MapGet("/report", async (Guid id, HttpContext http, ClassroomDb db, LessonReader reader, LessonAttendance attendance, ModerationLog log, SchoolTime school, CancellationToken ct) =>
        {
            var report = await BuildAsync(db, await reader.OwnedAsync(db, id, Owner.IdOf(http.User)), attendance, school, ct);
            return Results.Ok(report with { ModerationLog = await log.ReadAsync(id, ct, limit: MaxLogEntries) });
        });
        group.MapGet("/report.csv", async (Guid id, string? lang, HttpContext http, ClassroomDb db, LessonReader reader, LessonAttendance attendance, SchoolTime school, CancellationToken ct) =>
        {
            var report = await BuildAsync(db, await reader.OwnedAsync(db, id, Owner.IdOf(http.User)), attendance, school, ct);
            var bytes = ReportCsv.Attendance(report, school, russian: lang != "en");
            return Results.File(bytes, "text/csv; charset=utf-8", $"attendance-{school.ToLocal(report.StartsAt):yyyy-MM-dd-HHmm}.csv");
        });
        group.MapGet("/moderation.csv", async (Guid id, string? lang, HttpContext http, ClassroomDb db, LessonReader reader, ModerationLog log, SchoolTime school, CancellationToken ct) =>
        {
            var lesson = await reader.OwnedAsync(db, id, Owner.IdOf(http.User));
            var bytes = ReportCsv.ModerationLog(await log.ReadAsync(id, ct, limit: MaxLogEntries), lesson.StartsAt, school, russian: lang != "en");
            return Results.File(bytes, "text/csv; charset=utf-8", $"moderation-{school.ToLocal(lesson.StartsAt):yyyy-MM-dd-HHmm}.csv");
        });
        group.MapGet("/timeline", async (Guid id, HttpContext http, ClassroomDb db, LessonReader reader, LessonAttendance attendance, SchoolTime school, CancellationToken ct) =>
        {
            var lesson = await reader.OwnedAsync(db, id, Owner.IdOf(http.User));
            var data = await attendance.ReadAsync(db, lesson, ct);
            var rows = PresenceTimeline.Build(data.Roster, data.Marks, data.Until);
            // The axis starts at the start, or earlier if someone came in before it (entry opens early).
            var first = data.Marks.Count > 0 ? data.Marks.Min(m => m.At) : lesson.StartsAt;
            var from = first < lesson.StartsAt ? first : lesson.StartsAt;
            return Results.Ok(new TimelineView(lesson.Id, lesson.StartsAt, lesson.EndsAt, from, data.Until > from ? data.Until : from, school.ZoneId, rows));
        });
    }

    public static async Task<AttendanceReportView> BuildAsync(ClassroomDb db, LessonView lesson, LessonAttendance attendance, SchoolTime school, CancellationToken ct)
    {
        var data = await attendance.ReadAsync(db, lesson, ct);
        var chatCounts = await db.ChatMessages.AsNoTracking().Where(m => m.LessonId == lesson.Id)
            .GroupBy(m => m.SenderId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, StringComparer.Ordinal, ct);
        var rows = AttendanceReport.Build(data.Roster, data.Marks, chatCounts, data.Until);
        return new AttendanceReportView(lesson.Id, lesson.Title, lesson.ClassName, lesson.StartsAt, lesson.EndsAt, rows, [], school.ZoneId);
    }
}
