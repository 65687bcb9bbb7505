namespace Classroom.Core.Attendance;

/// <summary>
/// Whether a student belonged to the class at a lesson, so a report reads the roster as it was then:
/// a student added after the lesson is not "absent" from it, and one removed before it is not either.
/// Someone who did attend always counts.
/// </summary>
public static class RosterMembership
{
    /// <param name="removedAt">When they were removed; null with <paramref name="removed"/> true means "at a time not recorded" (before this rule existed).</param>
    public static bool Expected(DateTimeOffset addedAt, bool removed, DateTimeOffset? removedAt, DateTimeOffset lessonStart, DateTimeOffset lessonEnd)
    {
        if (addedAt > lessonEnd) return false;
        if (!removed) return true;
        return removedAt is { } at && at > lessonStart;
    }
}
