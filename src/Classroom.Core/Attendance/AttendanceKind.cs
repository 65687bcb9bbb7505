namespace Classroom.Core.Attendance;

/// <summary>What an attendance record marks. Stored as numbers: keep the values.</summary>
public enum AttendanceKind
{
    Joined = 0,
    Left = 1,
}

/// <summary>One recorded join or leave of a participant in a lesson.</summary>
public sealed record AttendanceMark(string ParticipantId, AttendanceKind Kind, DateTimeOffset At);
