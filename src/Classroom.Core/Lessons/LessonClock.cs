namespace Classroom.Core.Lessons;

/// <summary>
/// The runtime facts of one lesson that change the entry decision: the schedule plus the teacher's
/// early opening and ending. Everything about timed entry is decided here, against a given instant.
/// </summary>
public sealed record LessonClock(LessonSchedule Schedule, DateTimeOffset? OpenedEarlyAt, DateTimeOffset? EndedAt)
{
    /// <summary>How long a teacher may overrun the scheduled end before the lesson closes by itself.</summary>
    public static readonly TimeSpan DefaultOverrunGrace = TimeSpan.FromMinutes(30);

    public DateTimeOffset EntryOpensAt =>
        OpenedEarlyAt is { } early && early < Schedule.EntryOpensAt ? early : Schedule.EntryOpensAt;

    public bool IsEnded(DateTimeOffset now, TimeSpan overrunGrace) =>
        EndedAt is { } ended && ended <= now || now >= Schedule.EndsAt + overrunGrace;

    public LessonPhase PhaseAt(DateTimeOffset now, TimeSpan overrunGrace)
    {
        if (IsEnded(now, overrunGrace)) return LessonPhase.Ended;
        if (now >= Schedule.StartsAt) return LessonPhase.InProgress;
        return now >= EntryOpensAt ? LessonPhase.Open : LessonPhase.Scheduled;
    }

    /// <summary>
    /// Decides whether someone may come in now. A participant who was already in the lesson may come
    /// back after entry closed (a dropped rural link must not lock a student out), until the lesson ends.
    /// </summary>
    public EntryDecision Decide(DateTimeOffset now, TimeSpan overrunGrace, bool returning)
    {
        if (IsEnded(now, overrunGrace)) return EntryDecision.Ended;
        if (now < EntryOpensAt) return EntryDecision.WaitUntil(EntryOpensAt);
        if (now >= Schedule.EntryClosesAt && !returning) return EntryDecision.Closed;
        return EntryDecision.Admit;
    }
}
