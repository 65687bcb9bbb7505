using Classroom.Core.Attendance;
using Classroom.Core.Moderation;
using Classroom.Core.Participants;

namespace Classroom.Core.Tests.Attendance;

public sealed class LobbyMarksTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly ParticipantIdentity Anna = ParticipantIdentity.ForStudent(Guid.NewGuid(), "Анна");
    private static readonly ParticipantIdentity Boris = ParticipantIdentity.ForStudent(Guid.NewGuid(), "Борис");
    private static readonly ParticipantIdentity Guest = ParticipantIdentity.ForGuest(Guid.NewGuid(), Role.Observer, "Методист");

    private static LobbyEntry In(ParticipantIdentity who, string connection = "c1") => new(connection, who, T0, Returning: false);

    [Fact]
    public void Each_lobby_list_gives_who_came_in_and_who_left_since_the_last_one()
    {
        var marks = new LobbyMarks();
        Assert.Equal([(Anna.Id, Role.Student, AttendanceKind.LobbyEntered), (Guest.Id, Role.Observer, AttendanceKind.LobbyEntered)],
            marks.Update([In(Anna), In(Guest)]));
        // The same people again (a second device of Anna's too) change nothing.
        Assert.Empty(marks.Update([In(Anna), In(Anna, "c2"), In(Guest)]));
        Assert.Equal([(Guest.Id, Role.Observer, AttendanceKind.LobbyLeft), (Boris.Id, Role.Student, AttendanceKind.LobbyEntered)],
            marks.Update([In(Anna), In(Boris)]));
        Assert.Equal([(Anna.Id, Role.Student, AttendanceKind.LobbyLeft), (Boris.Id, Role.Student, AttendanceKind.LobbyLeft)],
            marks.Update([]));
    }
}
