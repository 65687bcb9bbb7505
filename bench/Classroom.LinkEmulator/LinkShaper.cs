namespace Classroom.LinkEmulator;

/// <summary>How the loss model applies to a TCP byte stream, which cannot lose bytes.</summary>
public enum StreamLossMode
{
    /// <summary>A "lost" chunk arrives one round trip late (2 × this direction's delay, at least 10 ms), and the bytes behind it wait: TCP's head-of-line blocking after a retransmission.</summary>
    RetransmitStall,

    /// <summary>TCP sees no loss at all, only rate, delay and jitter.</summary>
    Ignore,
}

/// <summary>
/// The scheduling core of one link direction: for each datagram or stream chunk it decides drop or
/// the departure time, as a function of (arrival time, size) and its own state. No sockets, no clock:
/// times are offsets since the link started, so tests drive it with exact numbers.
/// <para>
/// Order of the pipeline, as on a real access link: outage → bottleneck queue (drop-tail at the
/// limit) → serialization at the rate (a token bucket one packet deep, i.e. what a modem does) →
/// loss on the wire (a lost packet still used its airtime) → propagation delay ± jitter → reordering.
/// Jitter never reorders: a departure is never earlier than the previous in-order one, because real
/// queues are FIFO and reordering is a separate, rarer effect driven by <see cref="LinkDirection.ReorderProbability"/>.
/// </para>
/// Thread-safe (one lock): a shared link is fed by several receive loops.
/// </summary>
public sealed class LinkShaper
{
    private static readonly TimeSpan MinimumRetransmitStall = TimeSpan.FromMilliseconds(10);

    private readonly Lock _gate = new();
    private readonly Random _random;
    private readonly LossProcess _loss;
    private readonly LinkOutages _outages;
    private readonly StreamLossMode _streamLoss;
    private TimeSpan _linkFreeAt;     // when the bottleneck finishes serializing what it has accepted
    private TimeSpan _lastInOrder;    // latest departure of a packet not held back for reordering

    public LinkShaper(
        LinkDirection direction,
        LinkOutages? outages = null,
        int seed = 1,
        LinkCounters? counters = null,
        StreamLossMode streamLoss = StreamLossMode.RetransmitStall)
    {
        ArgumentNullException.ThrowIfNull(direction);
        direction.Validate();
        Direction = direction;
        _outages = outages ?? new LinkOutages();
        _random = new Random(seed);
        _loss = new LossProcess(direction.Loss, _random);
        _streamLoss = streamLoss;
        Counters = counters ?? new LinkCounters();
    }

    public LinkDirection Direction { get; }

    public LinkCounters Counters { get; }

    /// <summary>
    /// Fate of a datagram of <paramref name="size"/> bytes arriving at <paramref name="arrival"/>.
    /// Drops are counted here; forwarding is counted by whoever actually sends it.
    /// </summary>
    public LinkVerdict ShapeDatagram(TimeSpan arrival, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (_outages.IsDown(arrival))
        {
            Counters.AddDroppedByOutage();
            return LinkVerdict.Dropped(PacketFate.DroppedByOutage);
        }
        lock (_gate)
        {
            var queued = QueuedBytesLocked(arrival);
            if (Direction.QueueLimitBytes > 0 && queued > 0 && queued + size > Direction.QueueLimitBytes)
            {
                Counters.AddDroppedByQueue();
                return LinkVerdict.Dropped(PacketFate.DroppedByQueue);
            }
            var serialized = Serialize(arrival, size);
            if (_loss.NextIsLost())
            {
                Counters.AddDroppedByLoss();
                return LinkVerdict.Dropped(PacketFate.DroppedByLoss);
            }
            var departure = InOrderDeparture(serialized);
            if (Direction.ReorderProbability > 0 && _random.NextDouble() < Direction.ReorderProbability)
            {
                // Held back without moving _lastInOrder, so the packets behind it may overtake it.
                Counters.AddReordered();
                return new LinkVerdict(PacketFate.Forwarded, departure + Direction.ReorderDelay);
            }
            _lastInOrder = departure;
            return new LinkVerdict(PacketFate.Forwarded, departure);
        }
    }

    /// <summary>
    /// Departure of a TCP chunk: rate, delay and jitter with non-decreasing departures (a byte stream
    /// cannot be reordered), never dropped. An outage holds the chunk until the link is up; the loss
    /// model becomes a retransmission stall or nothing (<see cref="StreamLossMode"/>). A zero-size
    /// chunk (end of stream) takes no airtime but still leaves after everything before it.
    /// </summary>
    public TimeSpan ShapeStream(TimeSpan arrival, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        lock (_gate)
        {
            var start = Max(arrival, _linkFreeAt);
            if (_outages.IsDown(start, out var upAt))
                start = upAt;
            var serialized = Serialize(start, size);
            var departure = InOrderDeparture(serialized);
            if (size > 0 && _streamLoss == StreamLossMode.RetransmitStall && _loss.NextIsLost())
            {
                // The retransmission costs a round trip and uses the bottleneck a second time.
                Counters.AddRetransmitStall();
                _linkFreeAt += Direction.TransmissionTime(size);
                departure += Max(Direction.Delay + Direction.Delay, MinimumRetransmitStall);
            }
            _lastInOrder = departure;
            return departure;
        }
    }

    /// <summary>Bytes waiting for the bottleneck at <paramref name="now"/> (including the one being serialized).</summary>
    public int QueuedBytesAt(TimeSpan now)
    {
        lock (_gate)
            return QueuedBytesLocked(now);
    }

    /// <summary>
    /// How long a stream reader should wait before taking more bytes so the bottleneck queue stays within
    /// its limit: TCP is never tail-dropped, it is held back and the sender's own window fills instead.
    /// </summary>
    public TimeSpan StreamAdmissionDelay(TimeSpan now)
    {
        lock (_gate)
        {
            var excess = QueuedBytesLocked(now) - Direction.QueueLimitBytes;
            return Direction.QueueLimitBytes == 0 || excess <= 0 ? TimeSpan.Zero : Direction.TransmissionTime(excess);
        }
    }

    /// <summary>Accepts the bytes into the bottleneck and returns when their serialization ends.</summary>
    private TimeSpan Serialize(TimeSpan arrival, int size)
    {
        var start = Max(arrival, _linkFreeAt);
        _linkFreeAt = start + Direction.TransmissionTime(size);
        return _linkFreeAt;
    }

    private TimeSpan InOrderDeparture(TimeSpan serialized)
    {
        var delay = Direction.Delay;
        if (Direction.Jitter > TimeSpan.Zero)
        {
            var offset = (_random.NextDouble() * 2 - 1) * Direction.Jitter.Ticks;
            delay = Max(TimeSpan.Zero, delay + TimeSpan.FromTicks((long)offset));
        }
        return Max(serialized + delay, _lastInOrder);
    }

    private int QueuedBytesLocked(TimeSpan now)
    {
        if (Direction.RateBitsPerSecond == 0 || _linkFreeAt <= now)
            return 0;
        // Integer arithmetic (rounded up) so exact rates give exact byte counts at queue boundaries.
        var bits = (Int128)(_linkFreeAt - now).Ticks * Direction.RateBitsPerSecond;
        var bytes = (bits + 8 * TimeSpan.TicksPerSecond - 1) / (8 * TimeSpan.TicksPerSecond);
        return (int)Int128.Min(int.MaxValue, bytes);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
