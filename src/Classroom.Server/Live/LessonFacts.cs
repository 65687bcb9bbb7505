using Classroom.Core.Lessons;
using Classroom.Server.Storage;

namespace Classroom.Server.Live;

/// <summary>The stored facts of a lesson that the live room needs, read once per room.</summary>
public sealed record LessonFacts(
    Guid LessonId,
    Guid CabinetId,
    string OwnerId,
    string CabinetName,
    string Subject,
    Guid ClassId,
    string ClassName,
    string Title,
    LessonClock Clock)
{
    public static LessonClock ClockOf(LessonRecord lesson) => new(
        new LessonSchedule(
            lesson.StartsAt,
            TimeSpan.FromMinutes(lesson.DurationMinutes),
            TimeSpan.FromMinutes(lesson.EntryOpensMinutesBefore),
            lesson.EntryClosesMinutesAfterStart is { } c ? TimeSpan.FromMinutes(c) : null),
        lesson.OpenedEarlyAt,
        lesson.EndedAt);
}
