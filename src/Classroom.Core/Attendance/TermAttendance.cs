namespace Classroom.Core.Attendance;

/// <summary>A lesson of the term as the class report needs it.</summary>
public sealed record TermLesson(Guid LessonId, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <summary>A student of the class with their time on the roster.</summary>
public sealed record TermStudent(string ParticipantId, string Name, DateTimeOffset AddedAt, bool Removed, DateTimeOffset? RemovedAt);

/// <summary>
/// One student over a term: lessons they were expected at (on the roster then, or came anyway),
/// lessons they came to, and the rate (null when they were expected at none).
/// </summary>
public sealed record StudentTerm(string ParticipantId, string Name, int Expected, int Attended, double? Rate);

/// <summary>
/// A class's attendance over a date range: per student, the share of the lessons they were on the
/// roster for that they came to (joined at least once). Students who were on the roster for none
/// of the lessons and came to none are left out.
/// </summary>
public static class TermAttendance
{
    public static IReadOnlyList<StudentTerm> Build(IEnumerable<TermLesson> lessons, IEnumerable<TermStudent> students, IReadOnlySet<(Guid LessonId, string ParticipantId)> attended)
    {
        var term = lessons.ToList();
        var rows = new List<StudentTerm>();
        foreach (var student in students)
        {
            var expected = 0;
            var came = 0;
            foreach (var lesson in term)
            {
                var here = attended.Contains((lesson.LessonId, student.ParticipantId));
                if (!here && !RosterMembership.Expected(student.AddedAt, student.Removed, student.RemovedAt, lesson.StartsAt, lesson.EndsAt)) continue;
                expected++;
                if (here) came++;
            }
            if (expected == 0 && student.Removed) continue;
            rows.Add(new StudentTerm(student.ParticipantId, student.Name, expected, came, expected == 0 ? null : Math.Round((double)came / expected, 3)));
        }
        return rows;
    }
}
