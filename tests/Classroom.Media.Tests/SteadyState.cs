namespace Classroom.Media.Tests;

/// <summary>What a hot path allocates once it runs in its steady state.</summary>
public static class SteadyState
{
    /// <summary>
    /// Bytes <paramref name="run"/> allocates on this thread: the least over <paramref name="rounds"/>
    /// calls. A path that allocates per packet allocates in every round, so this still catches it;
    /// work the runtime does once on the thread (a full-suite run on a loaded machine once put 2.5 KB
    /// of it into a single 10,000-packet measurement that allocates nothing on a quiet one) does not
    /// recur in every round, so it cannot fail the test.
    /// </summary>
    public static long AllocatedBytes(Action run, int rounds = 3)
    {
        var least = long.MaxValue;
        for (var i = 0; i < rounds; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            run();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
