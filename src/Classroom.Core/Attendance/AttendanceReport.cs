namespace Classroom.Core.Attendance;

/// <summary>A roster student as the report needs them.</summary>
public sealed record RosterEntry(string ParticipantId, string Name);

public sealed record StudentAttendance(
    string ParticipantId,
    string Name,
    DateTimeOffset? FirstJoin,
    DateTimeOffset? LastLeave,
    double MinutesPresent,
    int Reconnects,
    int ChatMessages,
    int HandsRaised)
{
    public bool Attended => FirstJoin is not null;
}

/// <summary>
/// Who came to a lesson and how much they were there, computed from the join/leave marks.
/// A participant still present is counted up to <c>until</c> (the lesson's end or now). Marks must
/// come in the order they were recorded: a reconnect writes Left and Joined at the same instant,
/// and only that order tells the two apart.
/// </summary>
public static class AttendanceReport
{
    public static IReadOnlyList<StudentAttendance> Build(
        IEnumerable<RosterEntry> roster,
        IEnumerable<AttendanceMark> marks,
        IReadOnlyDictionary<string, int> chatCounts,
        DateTimeOffset until)
    {
        var byParticipant = marks.GroupBy(m => m.ParticipantId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(m => m.At).ToList(), StringComparer.Ordinal);
        var rows = new List<StudentAttendance>();
        foreach (var student in roster)
        {
            byParticipant.TryGetValue(student.ParticipantId, out var list);
            list ??= [];
            DateTimeOffset? first = null, lastLeave = null, openSince = null;
            var present = TimeSpan.Zero;
            var joins = 0;
            var hands = 0;
            foreach (var mark in list)
            {
                if (mark.Kind == AttendanceKind.HandRaised)
                {
                    hands++;
                }
                else if (mark.Kind == AttendanceKind.Joined)
                {
                    joins++;
                    first ??= mark.At;
                    openSince ??= mark.At;
                }
                else if (mark.Kind == AttendanceKind.Left)
                {
                    lastLeave = mark.At;
                    if (openSince is { } since) present += Clamp(mark.At, until) - since;
                    openSince = null;
                }
            }
            if (openSince is { } stillIn && until > stillIn) present += until - stillIn;
            rows.Add(new StudentAttendance(
                student.ParticipantId,
                student.Name,
                first,
                lastLeave,
                Math.Round(Math.Max(0, present.TotalMinutes), 1),
                Math.Max(0, joins - 1),
                chatCounts.GetValueOrDefault(student.ParticipantId),
                hands));
        }
        return rows;
    }

    private static DateTimeOffset Clamp(DateTimeOffset at, DateTimeOffset until) => at < until ? at : until;
}
