using System.Globalization;
using System.Text;
using Classroom.Contracts;
using Classroom.Core.Attendance;
using Classroom.Core.Participants;
using Classroom.Server.Accounts;
using Classroom.Server.Hosting;
using Classroom.Server.Lessons;
using Classroom.Server.Live;
using Classroom.Server.Moderation;
using Classroom.Server.Storage;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Reports;

public sealed record AttendanceReportView(
    Guid LessonId, string Title, string ClassName, DateTimeOffset StartsAt, DateTimeOffset EndsAt, IReadOnlyList<StudentAttendance> Rows,
    IReadOnlyList<ModerationEntryView> ModerationLog);

/// <summary>Who attended and worked: per roster student, as a page (JSON) and as CSV for Excel.</summary>
public static class ReportEndpoints
{
    public static void MapReports(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/lessons/{id:guid}").RequireAuthorization();
        group.MapGet("/report", async (Guid id, HttpContext http, ClassroomDb db, LessonReader reader, ModerationLog log, IOptions<ClassroomOptions> options, TimeProvider time, CancellationToken ct) =>
        {
            var report = await BuildAsync(db, await reader.OwnedAsync(db, id, Owner.IdOf(http.User)), options.Value, time);
            return Results.Ok(report with { ModerationLog = await log.ReadAsync(id, ct, limit: 10_000) });
        });
        group.MapGet("/report.csv", async (Guid id, string? lang, HttpContext http, ClassroomDb db, LessonReader reader, IOptions<ClassroomOptions> options, TimeProvider time) =>
        {
            var report = await BuildAsync(db, await reader.OwnedAsync(db, id, Owner.IdOf(http.User)), options.Value, time);
            var bytes = ToCsv(report, lang == "en" ? English : Russian);
            return Results.File(bytes, "text/csv; charset=utf-8", $"attendance-{report.StartsAt:yyyy-MM-dd-HHmm}.csv");
        });
    }

    public static async Task<AttendanceReportView> BuildAsync(ClassroomDb db, LessonView lesson, ClassroomOptions options, TimeProvider time)
    {
        var marks = await db.Attendance.AsNoTracking().Where(a => a.LessonId == lesson.Id && a.Role == Role.Student)
            .OrderBy(a => a.Id)
            .Select(a => new AttendanceMark(a.ParticipantId, a.Kind, a.At)).ToListAsync();
        var attendedIds = marks.Select(m => m.ParticipantId).ToHashSet(StringComparer.Ordinal);
        var students = await db.Students.AsNoTracking().Where(s => s.ClassId == lesson.ClassId).ToListAsync();
        var roster = students
            .Select(s => (Student: s, Entry: new RosterEntry(ParticipantIdentity.ForStudent(s.Id, s.Name).Id, s.Name)))
            .Where(x => !x.Student.Removed || attendedIds.Contains(x.Entry.ParticipantId))
            .OrderBy(x => x.Entry.Name, StringComparer.Create(CultureInfo.GetCultureInfo("ru-RU"), false))
            .Select(x => x.Entry);
        var chatCounts = await db.ChatMessages.AsNoTracking().Where(m => m.LessonId == lesson.Id)
            .GroupBy(m => m.SenderId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, StringComparer.Ordinal);
        var lessonOver = lesson.EndedAt ?? lesson.EndsAt + options.OverrunGrace;
        var now = time.GetUtcNow();
        var until = now < lessonOver ? now : lessonOver;
        var rows = AttendanceReport.Build(roster, marks, chatCounts, until);
        return new AttendanceReportView(lesson.Id, lesson.Title, lesson.ClassName, lesson.StartsAt, lesson.EndsAt, rows, []);
    }

    private static readonly string[] Russian = ["Ученик", "Был на уроке", "Первый вход", "Последний выход", "Минут на уроке", "Переподключений", "Сообщений в чате", "Поднятых рук", "да", "нет"];
    private static readonly string[] English = ["Student", "Attended", "First join", "Last leave", "Minutes present", "Reconnects", "Chat messages", "Hands raised", "yes", "no"];

    /// <summary>Semicolons and a UTF-8 BOM: what Excel in a Russian locale opens correctly by double-click.</summary>
    public static byte[] ToCsv(AttendanceReportView report, string[] words)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = ";", InjectionOptions = InjectionOptions.Escape }))
        {
            for (var i = 0; i < 8; i++) csv.WriteField(words[i]);
            csv.NextRecord();
            foreach (var row in report.Rows)
            {
                csv.WriteField(row.Name);
                csv.WriteField(row.Attended ? words[8] : words[9]);
                csv.WriteField(Local(row.FirstJoin));
                csv.WriteField(Local(row.LastLeave));
                csv.WriteField(row.MinutesPresent.ToString("0.#", CultureInfo.InvariantCulture));
                csv.WriteField(row.Reconnects);
                csv.WriteField(row.ChatMessages);
                csv.WriteField(row.HandsRaised);
                csv.NextRecord();
            }
        }
        return stream.ToArray();
    }

    /// <summary>The school server runs in the school's time zone; the teacher reads local times.</summary>
    private static string Local(DateTimeOffset? at) => at?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? string.Empty;
}
