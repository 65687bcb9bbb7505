namespace Classroom.Core.Attendance;

/// <summary>What an attendance record marks. Stored as numbers: keep the values.</summary>
public enum AttendanceKind
{
    Joined = 0,
    Left = 1,
    /// <summary>The student raised a hand: counted as taking part, not as presence.</summary>
    HandRaised = 2,
    /// <summary>Came into the lobby to wait for the teacher (not presence: the timeline draws it apart).</summary>
    LobbyEntered = 3,
    /// <summary>Left the lobby: let in, rejected, sent away, or gone.</summary>
    LobbyLeft = 4,
}

/// <summary>One recorded join, leave or raised hand of a participant in a lesson.</summary>
public sealed record AttendanceMark(string ParticipantId, AttendanceKind Kind, DateTimeOffset At);
