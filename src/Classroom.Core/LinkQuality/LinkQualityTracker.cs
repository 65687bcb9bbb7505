namespace Classroom.Core.LinkQuality;

/// <summary>
/// One participant's shown level across intervals. It drops at once (the teacher should know now
/// that someone cannot hear) and recovers only after <see cref="RecoverAfter"/> better intervals in a
/// row, so a bursty village line does not make the badge blink every second. Not thread-safe: one
/// per participant, updated by the host's report handler.
/// </summary>
public sealed class LinkQualityTracker
{
    /// <summary>Consecutive better intervals before the shown level improves.</summary>
    public const int RecoverAfter = 3;

    private int _better;

    public LinkLevel Shown { get; private set; } = LinkLevel.Good;

    /// <summary>Takes one interval's grade; returns true when the shown level changed.</summary>
    public bool Update(LinkLevel graded)
    {
        if (graded >= Shown)
        {
            _better = 0;
            if (graded == Shown) return false;
            Shown = graded;
            return true;
        }
        if (++_better < RecoverAfter) return false;
        _better = 0;
        Shown = graded;
        return true;
    }
}
