using System.Globalization;
using Classroom.Core.Attendance;
using Classroom.Core.Participants;
using Classroom.Server.Hosting;
using Classroom.Server.Lessons;
using Classroom.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Reports;

/// <summary>What a lesson's reports are made of: the roster as it was at the lesson, the marks, and until when to count.</summary>
public sealed record LessonAttendanceData(IReadOnlyList<RosterEntry> Roster, IReadOnlyList<AttendanceMark> Marks, DateTimeOffset Until);

/// <summary>Reads a lesson's attendance from storage for the report, its CSV and the timeline.</summary>
public sealed class LessonAttendance(IOptions<ClassroomOptions> options, TimeProvider time)
{
    private static readonly StringComparer RussianOrder = StringComparer.Create(CultureInfo.GetCultureInfo("ru-RU"), false);

    public async Task<LessonAttendanceData> ReadAsync(ClassroomDb db, LessonView lesson, CancellationToken ct)
    {
        var marks = await db.Attendance.AsNoTracking().Where(a => a.LessonId == lesson.Id && a.Role == Role.Student)
            .OrderBy(a => a.Id)
            .Select(a => new AttendanceMark(a.ParticipantId, a.Kind, a.At)).ToListAsync(ct);
        var attendedIds = marks.Where(m => m.Kind == AttendanceKind.Joined).Select(m => m.ParticipantId).ToHashSet(StringComparer.Ordinal);
        var students = await db.Students.AsNoTracking().Where(s => s.ClassId == lesson.ClassId).ToListAsync(ct);
        // The roster as it was at the lesson: a student added later is not absent from it.
        var roster = students
            .Select(s => (Student: s, Entry: new RosterEntry(ParticipantIdentity.ForStudent(s.Id, s.Name).Id, s.Name)))
            .Where(x => attendedIds.Contains(x.Entry.ParticipantId)
                || RosterMembership.Expected(x.Student.AddedAt, x.Student.Removed, x.Student.RemovedAt, lesson.StartsAt, lesson.EndedAt ?? lesson.EndsAt))
            .OrderBy(x => x.Entry.Name, RussianOrder)
            .Select(x => x.Entry)
            .ToList();
        var lessonOver = lesson.EndedAt ?? lesson.EndsAt + options.Value.OverrunGrace;
        var now = time.GetUtcNow();
        return new LessonAttendanceData(roster, marks, now < lessonOver ? now : lessonOver);
    }
}
