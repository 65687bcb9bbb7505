namespace Classroom.LinkEmulator;

/// <summary>What a TCP connection experiences while its link is down. UDP always loses everything.</summary>
public enum OutageMode
{
    /// <summary>Bytes are held and delivered when the link comes back (a short radio dropout).</summary>
    Stall,

    /// <summary>Every connection through the link is reset, and new ones are reset while it is down (a modem reboot, a NAT losing state).</summary>
    Reset,
}

/// <summary>The link is down from <paramref name="Start"/> (time since the proxy started) for <paramref name="Duration"/>.</summary>
public sealed record Outage(TimeSpan Start, TimeSpan Duration, OutageMode Mode = OutageMode.Stall)
{
    public TimeSpan End => Start + Duration;

    public bool Covers(TimeSpan at) => at >= Start && at < End;
}

/// <summary>
/// The down windows of one link (both directions): a schedule given up front plus ones added at run
/// time. Read on every packet, so readers take no lock: the array is replaced, never changed.
/// </summary>
public sealed class LinkOutages
{
    private readonly Lock _gate = new();
    private Outage[] _windows;

    public LinkOutages(IEnumerable<Outage>? schedule = null)
    {
        _windows = [.. (schedule ?? []).OrderBy(o => o.Start)];
        foreach (var window in _windows)
            Check(window);
    }

    public IReadOnlyList<Outage> Windows => Volatile.Read(ref _windows);

    public void Add(Outage outage)
    {
        Check(outage);
        lock (_gate)
            Volatile.Write(ref _windows, [.. _windows.Append(outage).OrderBy(o => o.Start)]);
    }

    public bool IsDown(TimeSpan at) => IsDown(at, out _);

    /// <summary>Whether the link is down at <paramref name="at"/>, and if so when it is up again (touching windows chain).</summary>
    public bool IsDown(TimeSpan at, out TimeSpan upAt)
    {
        var windows = Volatile.Read(ref _windows);
        upAt = at;
        var down = false;
        // Windows are sorted by start, so one pass extends upAt through overlapping or touching windows.
        foreach (var window in windows)
        {
            if (window.Start > upAt)
                break;
            if (window.End > upAt && (down || window.Covers(at)))
            {
                down = true;
                upAt = window.End;
            }
        }
        return down;
    }

    /// <summary>Whether a <see cref="OutageMode.Reset"/> window covers <paramref name="at"/> (new connections are refused then).</summary>
    public bool IsResetting(TimeSpan at)
    {
        foreach (var window in Volatile.Read(ref _windows))
        {
            if (window.Mode == OutageMode.Reset && window.Covers(at))
                return true;
        }
        return false;
    }

    private static void Check(Outage outage)
    {
        if (outage.Start < TimeSpan.Zero || outage.Duration <= TimeSpan.Zero)
            throw new ArgumentException($"An outage needs a non-negative start and a positive duration ({outage}).");
    }
}
