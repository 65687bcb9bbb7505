namespace Classroom.Core.LinkQuality;

/// <summary>How a participant's link does, as the teacher's console and the student's toolbar show it.</summary>
public enum LinkLevel
{
    Good = 0,
    Poor = 1,
    Bad = 2,
}
