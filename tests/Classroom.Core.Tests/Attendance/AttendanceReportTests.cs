using Classroom.Core.Attendance;

namespace Classroom.Core.Tests.Attendance;

public sealed class AttendanceReportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Minutes_reconnects_and_absences_follow_the_marks()
    {
        var roster = new[] { new RosterEntry("s-a", "Анна"), new RosterEntry("s-b", "Борис"), new RosterEntry("s-c", "Вера") };
        var marks = new[]
        {
            new AttendanceMark("s-a", AttendanceKind.Joined, T0),
            new AttendanceMark("s-a", AttendanceKind.Left, T0.AddMinutes(10)),
            new AttendanceMark("s-a", AttendanceKind.Joined, T0.AddMinutes(12)),
            new AttendanceMark("s-a", AttendanceKind.Left, T0.AddMinutes(40)),
            new AttendanceMark("s-b", AttendanceKind.Joined, T0.AddMinutes(5)),
            new AttendanceMark("s-b", AttendanceKind.HandRaised, T0.AddMinutes(7)),
            new AttendanceMark("s-b", AttendanceKind.HandRaised, T0.AddMinutes(9)),
        };
        var rows = AttendanceReport.Build(roster, marks, new Dictionary<string, int> { ["s-a"] = 3 }, T0.AddMinutes(45));

        var anna = rows[0];
        Assert.Equal(38, anna.MinutesPresent);
        Assert.Equal(1, anna.Reconnects);
        Assert.Equal(3, anna.ChatMessages);
        Assert.Equal(T0, anna.FirstJoin);
        Assert.Equal(T0.AddMinutes(40), anna.LastLeave);

        var boris = rows[1];
        Assert.Equal(40, boris.MinutesPresent);
        Assert.Null(boris.LastLeave);
        Assert.Equal(0, boris.Reconnects);
        Assert.Equal(2, boris.HandsRaised);

        var vera = rows[2];
        Assert.False(vera.Attended);
        Assert.Equal(0, vera.MinutesPresent);
    }

    [Fact]
    public void A_reconnect_recorded_as_left_and_joined_in_one_instant_keeps_the_presence_continuous()
    {
        var marks = new[]
        {
            new AttendanceMark("s-a", AttendanceKind.Joined, T0),
            new AttendanceMark("s-a", AttendanceKind.Left, T0.AddMinutes(5)),
            new AttendanceMark("s-a", AttendanceKind.Joined, T0.AddMinutes(5)),
            new AttendanceMark("s-a", AttendanceKind.Left, T0.AddMinutes(45)),
        };
        var row = Assert.Single(AttendanceReport.Build([new RosterEntry("s-a", "Анна")], marks, new Dictionary<string, int>(), T0.AddMinutes(50)));
        Assert.Equal(45, row.MinutesPresent);
        Assert.Equal(1, row.Reconnects);
        Assert.Equal(T0.AddMinutes(45), row.LastLeave);
    }
}
