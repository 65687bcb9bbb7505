using Classroom.Media.Rooms;

namespace Classroom.Media.Tests.Rooms;

/// <summary>The per-session limit of renegotiations and ICE restarts: N in any window, never more.</summary>
public sealed class NegotiationLimitTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void At_most_n_in_any_window_and_one_more_only_when_the_oldest_has_left_it()
    {
        var limit = new NegotiationLimit(3, TimeSpan.FromMinutes(1));
        Assert.True(limit.TryAcquire(Start));
        Assert.True(limit.TryAcquire(Start.AddSeconds(50)));
        Assert.True(limit.TryAcquire(Start.AddSeconds(55)));
        Assert.False(limit.TryAcquire(Start.AddSeconds(59)));

        // The first left the window: one more, and no more until the next one leaves too (a refused try does not count).
        Assert.True(limit.TryAcquire(Start.AddSeconds(60)));
        Assert.False(limit.TryAcquire(Start.AddSeconds(61)));
        Assert.False(limit.TryAcquire(Start.AddSeconds(109)));
        Assert.True(limit.TryAcquire(Start.AddSeconds(110)));
    }
}
