using System.Globalization;
using Classroom.Core.Attendance;
using Classroom.Core.Errors;
using Classroom.Core.Participants;
using Classroom.Server.Accounts;
using Classroom.Server.Classes;
using Classroom.Server.Hosting;
using Classroom.Server.Live;
using Classroom.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Classroom.Server.Reports;

public sealed record TermLessonView(Guid Id, string Title, DateTimeOffset StartsAt);

/// <summary>A class's attendance from <paramref name="From"/> to <paramref name="To"/> (school dates, both included).</summary>
public sealed record TermReportView(
    Guid ClassId, string ClassName, string From, string To, string TimeZone, IReadOnlyList<TermLessonView> Lessons, IReadOnlyList<StudentTerm> Students);

/// <summary>Attendance of a class over a term: the data of the per-student attendance-rate chart.</summary>
public static class TermEndpoints
{
    /// <summary>A school year and a bit: longer ranges are not a term.</summary>
    private const int MaxDays = 400;

    /// <summary>Without dates: the last 90 days up to today.</summary>
    private const int DefaultDays = 90;

    /// <summary>
    /// School dates a term may name: far enough from the calendar's ends that a day before, a day
    /// after and a midnight in any zone still exist (0001-01-01 or 9999-12-31 would crash the sums).
    /// </summary>
    private static readonly DateOnly Earliest = new(2000, 1, 1), Latest = new(2999, 12, 31);

    public static void MapTermReports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/classes/{id:guid}/attendance", async (Guid id, string? from, string? to, HttpContext http, ClassroomDb db, SchoolTime school, TimeProvider time, CancellationToken ct) =>
        {
            var record = await ClassEndpoints.FindOwnedAsync(db, id, Owner.IdOf(http.User));
            var now = time.GetUtcNow();
            var today = DateOnly.FromDateTime(school.ToLocal(now).DateTime);
            var last = Date(to) ?? today;
            var first = Date(from) ?? last.AddDays(-DefaultDays);
            if (first > last || last.DayNumber - first.DayNumber > MaxDays)
                throw new ClassroomException(ErrorCodes.BadRequest, $"Give a range of at most {MaxDays} days, the first date not after the last.");
            // School dates to instants: from the first day's midnight to the midnight after the last day.
            var since = Midnight(first, school);
            var before = Midnight(last.AddDays(1), school);
            var lessons = (await db.Lessons.AsNoTracking().Where(l => l.ClassId == id && l.StartsAt >= since && l.StartsAt < before).ToListAsync(ct))
                .Where(l => l.StartsAt <= now)
                .OrderBy(l => l.StartsAt)
                .ToList();
            var ids = lessons.Select(l => l.Id).ToList();
            var attended = (await db.Attendance.AsNoTracking()
                    .Where(a => ids.Contains(a.LessonId) && a.Role == Role.Student && a.Kind == AttendanceKind.Joined)
                    .Select(a => new { a.LessonId, a.ParticipantId }).Distinct().ToListAsync(ct))
                .Select(a => (a.LessonId, a.ParticipantId)).ToHashSet();
            var students = record.Students
                .OrderBy(s => s.Name, StringComparer.Create(CultureInfo.GetCultureInfo("ru-RU"), false))
                .Select(s => new TermStudent(ParticipantIdentity.ForStudent(s.Id, s.Name).Id, s.Name, s.AddedAt, s.Removed, s.RemovedAt));
            // A lesson the teacher ended early is over then: someone added afterwards did not miss it.
            var term = lessons.Select(l => new TermLesson(l.Id, l.StartsAt, l.EndedAt ?? LessonFacts.ClockOf(l).Schedule.EndsAt));
            var rows = TermAttendance.Build(term, students, attended);
            return Results.Ok(new TermReportView(record.Id, record.Name, Iso(first), Iso(last), school.ZoneId,
                lessons.Select(l => new TermLessonView(l.Id, l.Title, l.StartsAt)).ToList(), rows));
        }).RequireAuthorization();
    }

    private static DateOnly? Date(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date >= Earliest && date <= Latest
            ? date
            : throw new ClassroomException(ErrorCodes.BadRequest, "Dates are written yyyy-MM-dd, from 2000 to 2999.");
    }

    private static DateTimeOffset Midnight(DateOnly day, SchoolTime school)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // In UTC: instants are stored as UTC ticks, and only UTC values compare correctly in SQL.
        return new DateTimeOffset(local, school.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
