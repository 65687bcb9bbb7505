namespace Classroom.Core.Participants;

/// <summary>Who someone is in a lesson. The numeric values are part of the wire protocol.</summary>
public enum Role
{
    Teacher = 0,
    CoTeacher = 1,
    Student = 2,
    Observer = 3,
    Display = 4,
}

public static class RoleExtensions
{
    /// <summary>Teachers and co-teachers (methodologists) run the lesson and read students' questions.</summary>
    public static bool IsStaff(this Role role) => role is Role.Teacher or Role.CoTeacher;
}
