namespace Classroom.Core.Lessons;

public enum EntryVerdict
{
    Admit = 0,
    Wait = 1,
    Closed = 2,
    Ended = 3,
}

/// <summary>The outcome of asking to enter a lesson at one instant.</summary>
public readonly record struct EntryDecision(EntryVerdict Verdict, DateTimeOffset? OpensAt)
{
    public static EntryDecision Admit => new(EntryVerdict.Admit, null);
    public static EntryDecision Closed => new(EntryVerdict.Closed, null);
    public static EntryDecision Ended => new(EntryVerdict.Ended, null);
    public static EntryDecision WaitUntil(DateTimeOffset opensAt) => new(EntryVerdict.Wait, opensAt);
}
