namespace Classroom.Media.Sfu.Congestion;

// When a subscriber's downlink cannot carry even the smallest video next to the audio, sending video
// anyway only queues it and drops it, and the audio suffers with it. So after a few seconds below the
// floor the relay switches the page to audio only and the host tells the student. Coming back needs
// care: audio alone does not show whether video would fit now (the estimator never credits a rate the
// relay did not try), so video is simply tried again after a pause, and the pause doubles each time
// the link collapses again soon after (20 s, 40 s … up to 160 s), so a dead link is not flapped.

/// <summary>Decides, tick by tick, whether a subscriber's link has collapsed to audio only. Not thread-safe.</summary>
public sealed class LinkCollapse(long floorBps = LinkCollapse.DefaultFloorBps)
{
    /// <summary>Below this the smallest video layer and the audio do not fit together.</summary>
    public const long DefaultFloorBps = 110_000;

    private static readonly TimeSpan Below = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(160);
    private static readonly TimeSpan Settled = TimeSpan.FromSeconds(30);

    private TimeSpan? _belowSince;
    private TimeSpan _collapsedAt;
    private TimeSpan? _resumedAt;
    private TimeSpan _retry = FirstRetry;

    public bool Collapsed { get; private set; }

    /// <summary>One tick at <paramref name="now"/> (any monotonic clock) with the current estimate; returns <see cref="Collapsed"/>.</summary>
    public bool Update(TimeSpan now, long estimateBps, double lossFraction)
    {
        if (Collapsed)
        {
            if (now - _collapsedAt < _retry) return true;
            Collapsed = false; // try video again
            _resumedAt = now;
            _belowSince = null;
            return false;
        }
        // Too little estimate with loss to show for it, or far too little, or heavy loss: a slow
        // receiver's CPU can make delay look like congestion for a moment, but it loses nothing.
        var weak = (estimateBps < floorBps && lossFraction > 0.05) || estimateBps < floorBps / 2 || lossFraction > 0.25;
        if (!weak)
        {
            _belowSince = null;
            if (_resumedAt is null || now - _resumedAt.Value > Settled) _retry = FirstRetry;
            return false;
        }
        _belowSince ??= now;
        if (now - _belowSince.Value < Below) return false;
        Collapsed = true;
        _collapsedAt = now;
        // Collapsing again soon after a retry: the link did not come back; wait longer next time.
        if (_resumedAt is { } resumed && now - resumed <= Settled) _retry = TimeSpan.FromTicks(Math.Min(_retry.Ticks * 2, MaxRetry.Ticks));
        return true;
    }
}
