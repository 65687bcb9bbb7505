namespace Classroom.Core.Lessons;

/// <summary>A class's lesson a personal code or the class link leads to, and why that one.</summary>
public enum PickedBecause
{
    /// <summary>Its entry is open to newcomers now.</summary>
    EntryOpen = 0,
    /// <summary>It runs with entry closed: someone who dropped out may still come back.</summary>
    Running = 1,
    /// <summary>Nothing runs: the next lesson to come, whose waiting screen counts down.</summary>
    Next = 2,
}

/// <summary>
/// Which of a class's lessons a code names now. A code names a student, not a lesson, so the class's
/// lesson is, in order: one whose entry is open to newcomers (the latest-opened, so an overrunning
/// previous lesson does not shadow the next period's), else one running with entry closed, else the
/// next one to come. The class link shows the same choice, and the lesson after it; "start a lesson
/// now" gives the current one instead of a second lesson beside it.
/// </summary>
public static class LessonPicker
{
    public static (T Lesson, PickedBecause Because)? Pick<T>(IEnumerable<(T Lesson, LessonClock Clock)> lessons, DateTimeOffset now, TimeSpan overrunGrace)
    {
        var live = lessons.Where(x => !x.Clock.IsEnded(now, overrunGrace)).ToList();
        var open = live.Where(x => x.Clock.EntryOpensAt <= now && now < x.Clock.Schedule.EntryClosesAt).OrderByDescending(x => x.Clock.EntryOpensAt).Select(x => (x.Lesson, PickedBecause.EntryOpen));
        var running = live.Where(x => x.Clock.EntryOpensAt <= now).OrderByDescending(x => x.Clock.EntryOpensAt).Select(x => (x.Lesson, PickedBecause.Running));
        var next = live.Where(x => x.Clock.EntryOpensAt > now).OrderBy(x => x.Clock.EntryOpensAt).Select(x => (x.Lesson, PickedBecause.Next));
        foreach (var choice in open.Concat(running).Concat(next)) return choice;
        return null;
    }

    /// <summary>The lesson a code leads into now (entry open, or running), if any: not one still to come.</summary>
    public static T? Current<T>(IEnumerable<(T Lesson, LessonClock Clock)> lessons, DateTimeOffset now, TimeSpan overrunGrace) where T : class =>
        Pick(lessons, now, overrunGrace) is { Because: not PickedBecause.Next } current ? current.Lesson : null;

    /// <summary>The first lesson whose entry opens after now: "no lesson now; the next is …".</summary>
    public static T? Upcoming<T>(IEnumerable<(T Lesson, LessonClock Clock)> lessons, DateTimeOffset now, TimeSpan overrunGrace) where T : class =>
        lessons.Where(x => !x.Clock.IsEnded(now, overrunGrace) && x.Clock.EntryOpensAt > now).OrderBy(x => x.Clock.EntryOpensAt).Select(x => x.Lesson).FirstOrDefault();
}
