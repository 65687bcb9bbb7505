namespace Classroom.LinkEmulator;

/// <summary>
/// How one direction of a link behaves. Downlink is toward the client (server→client), uplink is
/// client→server; an ADSL line is asymmetric, so each has its own settings.
/// </summary>
public sealed record LinkDirection
{
    /// <summary>No rate limit, no delay, no loss: packets pass as fast as the proxy can move them.</summary>
    public static LinkDirection Unshaped { get; } = new();

    /// <summary>Bottleneck rate in bits per second; 0 = unlimited.</summary>
    public long RateBitsPerSecond { get; init; }

    /// <summary>
    /// Bytes the bottleneck queue holds before it drops the tail (0 = unbounded). Real modems have
    /// bounded buffers; a datagram that finds the queue full is lost, a TCP stream is held back instead.
    /// </summary>
    public int QueueLimitBytes { get; init; }

    /// <summary>One-way propagation delay added after serialization.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Each packet's delay varies uniformly within ±Jitter (never below zero, never reordering).</summary>
    public TimeSpan Jitter { get; init; }

    public GilbertElliott Loss { get; init; } = GilbertElliott.None;

    /// <summary>Share of datagrams held back by <see cref="ReorderDelay"/> so later ones overtake them (UDP only).</summary>
    public double ReorderProbability { get; init; }

    /// <summary>Extra delay of a reordered datagram; it must exceed the packet spacing to actually reorder.</summary>
    public TimeSpan ReorderDelay { get; init; } = TimeSpan.FromMilliseconds(25);

    public bool IsUnshaped =>
        RateBitsPerSecond == 0 && Delay == TimeSpan.Zero && Jitter == TimeSpan.Zero && Loss.IsLossless && ReorderProbability == 0;

    /// <summary>Bytes a queue must hold to represent <paramref name="depth"/> of backlog at <paramref name="rateBitsPerSecond"/>.</summary>
    public static int QueueBytesFor(long rateBitsPerSecond, TimeSpan depth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rateBitsPerSecond);
        return rateBitsPerSecond == 0 ? 0 : (int)Math.Min(int.MaxValue, rateBitsPerSecond / 8.0 * depth.TotalSeconds);
    }

    /// <summary>The same direction with a queue limit expressed as time at this rate (how modems are usually described).</summary>
    public LinkDirection WithQueueDepth(TimeSpan depth) => this with { QueueLimitBytes = QueueBytesFor(RateBitsPerSecond, depth) };

    /// <summary>Serialization time of <paramref name="bytes"/> at this rate (zero when unlimited).</summary>
    public TimeSpan TransmissionTime(int bytes) =>
        RateBitsPerSecond == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(bytes * 8L * TimeSpan.TicksPerSecond / RateBitsPerSecond);

    /// <summary>Throws on a setting no link could have; called when a shaper is built, so mistakes fail early.</summary>
    public void Validate()
    {
        if (RateBitsPerSecond < 0)
            throw new ArgumentException($"Rate must not be negative ({RateBitsPerSecond} bit/s).");
        if (QueueLimitBytes < 0)
            throw new ArgumentException($"Queue limit must not be negative ({QueueLimitBytes} bytes).");
        if (Delay < TimeSpan.Zero || Jitter < TimeSpan.Zero || ReorderDelay < TimeSpan.Zero)
            throw new ArgumentException("Delay, jitter and reorder delay must not be negative.");
        if (ReorderProbability is < 0 or > 1 || double.IsNaN(ReorderProbability))
            throw new ArgumentException($"Reorder probability must be in [0, 1] ({ReorderProbability}).");
    }
}
