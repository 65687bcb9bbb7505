using Classroom.Core.Attendance;

namespace Classroom.Core.Tests.Attendance;

public sealed class TimelineAndTermTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static AttendanceMark Mark(string id, AttendanceKind kind, int minute) => new(id, kind, T0.AddMinutes(minute));

    [Fact]
    public void A_reconnect_draws_one_stretch_and_the_lobby_and_hands_are_apart_from_presence()
    {
        var rows = PresenceTimeline.Build(
            [new RosterEntry("s-a", "Анна"), new RosterEntry("s-b", "Борис")],
            [
                Mark("s-a", AttendanceKind.Joined, 0), Mark("s-a", AttendanceKind.Left, 10), Mark("s-a", AttendanceKind.Joined, 10),
                Mark("s-a", AttendanceKind.HandRaised, 12), Mark("s-a", AttendanceKind.Left, 20), Mark("s-a", AttendanceKind.Joined, 25),
                Mark("s-b", AttendanceKind.LobbyEntered, 5), Mark("s-b", AttendanceKind.LobbyLeft, 8), Mark("s-b", AttendanceKind.Joined, 8),
                Mark("s-b", AttendanceKind.HandRaised, 50),
            ],
            until: T0.AddMinutes(45));
        Assert.Equal([(0, 20), (25, 45)], rows[0].Present.Select(s => ((int)(s.From - T0).TotalMinutes, (int)(s.To - T0).TotalMinutes)));
        Assert.Equal([T0.AddMinutes(12)], rows[0].Hands);
        Assert.Equal([(5, 8)], rows[1].Lobby.Select(s => ((int)(s.From - T0).TotalMinutes, (int)(s.To - T0).TotalMinutes)));
        Assert.Equal([(8, 45)], rows[1].Present.Select(s => ((int)(s.From - T0).TotalMinutes, (int)(s.To - T0).TotalMinutes)));
        // A hand after the end of the drawing is not drawn.
        Assert.Empty(rows[1].Hands);
    }

    [Theory]
    [InlineData(-60, false, null, true)]    // on the roster long before
    [InlineData(30, false, null, true)]     // added during the lesson
    [InlineData(60, false, null, false)]    // added after it ended
    [InlineData(-60, true, 10, true)]       // removed during it
    [InlineData(-60, true, -10, false)]     // removed before it began
    [InlineData(-60, true, null, false)]    // removed at a time not recorded
    public void A_student_belongs_to_a_lesson_by_their_time_on_the_roster(int addedMinute, bool removed, int? removedMinute, bool expected) =>
        Assert.Equal(expected, RosterMembership.Expected(T0.AddMinutes(addedMinute), removed, removedMinute is { } r ? T0.AddMinutes(r) : null, T0, T0.AddMinutes(45)));

    [Fact]
    public void The_term_rate_counts_only_lessons_a_student_was_on_the_roster_for()
    {
        var day = TimeSpan.FromDays(1);
        var lessons = Enumerable.Range(0, 4).Select(i => new TermLesson(Guid.NewGuid(), T0 + i * day, T0 + i * day + TimeSpan.FromMinutes(45))).ToList();
        var students = new[]
        {
            new TermStudent("s-a", "Анна", T0 - day, false, null),
            new TermStudent("s-new", "Новенькая", T0 + 1.5 * day, false, null),
            new TermStudent("s-gone", "Ушедший давно", T0 - 10 * day, true, T0 - 5 * day),
        };
        var attended = new HashSet<(Guid, string)> { (lessons[0].LessonId, "s-a"), (lessons[3].LessonId, "s-a"), (lessons[2].LessonId, "s-new") };
        var rows = TermAttendance.Build(lessons, students, attended);
        Assert.Equal([("Анна", 4, 2, (double?)0.5), ("Новенькая", 2, 1, 0.5)], rows.Select(r => (r.Name, r.Expected, r.Attended, r.Rate)));
    }
}
