using Classroom.Core.Errors;

namespace Classroom.Core.Lessons;

/// <summary>
/// When a lesson happens and when students may enter it. Entry opens <see cref="EntryOpensBefore"/>
/// ahead of the start and, unless the teacher narrowed it, stays open until the scheduled end.
/// </summary>
public sealed record LessonSchedule
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(8);
    public static readonly TimeSpan MaxEntryLead = TimeSpan.FromHours(2);

    public LessonSchedule(DateTimeOffset startsAt, TimeSpan duration, TimeSpan entryOpensBefore, TimeSpan? entryClosesAfterStart = null)
    {
        if (startsAt.Year is < 2000 or > 2200)
            throw new ClassroomException(ErrorCodes.InvalidSchedule, "The start time is out of range.");
        if (duration <= TimeSpan.Zero || duration > MaxDuration)
            throw new ClassroomException(ErrorCodes.InvalidSchedule, $"Duration must be between 1 minute and {MaxDuration.TotalHours} hours.");
        if (entryOpensBefore < TimeSpan.Zero || entryOpensBefore > MaxEntryLead)
            throw new ClassroomException(ErrorCodes.InvalidSchedule, $"Entry may open at most {MaxEntryLead.TotalMinutes} minutes before the start.");
        if (entryClosesAfterStart is { } c && (c < TimeSpan.Zero || c > duration))
            throw new ClassroomException(ErrorCodes.InvalidSchedule, "Entry must close between the start and the end of the lesson.");
        StartsAt = startsAt;
        Duration = duration;
        EntryOpensBefore = entryOpensBefore;
        EntryClosesAfterStart = entryClosesAfterStart;
    }

    public DateTimeOffset StartsAt { get; }
    public TimeSpan Duration { get; }
    public TimeSpan EntryOpensBefore { get; }
    public TimeSpan? EntryClosesAfterStart { get; }

    public DateTimeOffset EndsAt => StartsAt + Duration;
    public DateTimeOffset EntryOpensAt => StartsAt - EntryOpensBefore;
    public DateTimeOffset EntryClosesAt => StartsAt + (EntryClosesAfterStart ?? Duration);
}
