using System.Buffers;

namespace Classroom.Media.Sfu.Congestion;

/// <summary>What goes first when a subscriber's link cannot carry everything: lower values first.</summary>
public enum SendPriority : byte
{
    /// <summary>Speech: never queued; it spends the budget first and video waits.</summary>
    Audio = 0,
    /// <summary>The teacher's screen share: what the lesson is about.</summary>
    Screen = 1,
    /// <summary>The teacher's camera (or whoever the host features).</summary>
    Featured = 2,
    /// <summary>Every other camera.</summary>
    Video = 3,
    /// <summary>Probe padding: sent beside the pacer (its point is to try more than the estimate), never queued.</summary>
    Probe = 4,
}

/// <summary>What the pacer decided about one packet offered to it.</summary>
public enum PaceDecision : byte
{
    /// <summary>Send it now (the budget was charged).</summary>
    SendNow = 0,
    /// <summary>Copied into the queue; <see cref="Pacer.Drain"/> sends it when the budget allows.</summary>
    Queued,
    /// <summary>Dropped: the queue for its priority is full or too old. Counted.</summary>
    Dropped,
}

/// <summary>Where drained packets go: the subscriber's transport (stamps, encrypts, sends).</summary>
public interface IPacedSink
{
    void SendPaced(ReadOnlySpan<byte> packet, SendPriority priority);
}

// A leaky bucket per subscriber (libwebrtc's pacer and mediasoup's are the models): the budget fills at
// the estimate and everything sent spends it. Audio is never delayed: it spends the budget and goes,
// so video waits for it instead (RFC 8836's "audio first" in practice). Video goes straight out while
// the budget lasts and its priority's queue is empty (no copy in the common case); otherwise it is
// copied into a bounded queue and leaves in priority order as the budget refills, which spreads a key
// frame over the time the link needs for it instead of bursting it into a modem's queue, where it
// would delay the audio behind it. A queue that would hold more than MaxQueueMicros of sending drops
// the newest packets of the lowest priority first (their receiver asks for them again or for a key
// frame; the allocator meanwhile picks a smaller layer).

/// <summary>Paces one subscriber's RTP to its bandwidth estimate, by priority. Used on one receive loop only.</summary>
public sealed class Pacer
{
    public const int QueueCapacity = 256;
    private const int PriorityCount = 4;

    /// <summary>The burst the bucket may save up: a few packets, so pacing stays smooth at any rate.</summary>
    private const long BurstMicros = 10_000;
    private const int MinBurstBits = 3 * 1200 * 8;

    private readonly Entry[][] _queues = new Entry[PriorityCount][];
    private readonly int[] _head = new int[PriorityCount];
    private readonly int[] _count = new int[PriorityCount];
    private readonly long[] _dropped = new long[PriorityCount];
    private double _budgetBits;
    private long _lastRefill = -1;
    private long _rateBps;

    private struct Entry
    {
        public byte[] Buffer;
        public int Length;
        public long QueuedAt;
    }

    public Pacer(long rateBps)
    {
        for (var i = 0; i < PriorityCount; i++) _queues[i] = new Entry[QueueCapacity];
        RateBps = rateBps;
    }

    /// <summary>The pacing rate (the estimate); changed by the owner as the estimate moves.</summary>
    public long RateBps
    {
        get => _rateBps;
        set => _rateBps = Math.Max(value, 8_000);
    }

    /// <summary>The longest a packet may wait; beyond it the link cannot carry what is offered.</summary>
    public long MaxQueueMicros { get; set; } = 1_000_000;

    public int QueuedPackets { get; private set; }
    public long QueuedBytes { get; private set; }

    /// <summary>Packets dropped at this priority since the pacer started.</summary>
    public long DroppedAt(SendPriority priority) => _dropped[(int)priority];

    /// <summary>Offers one packet at <paramref name="now"/> (µs); copies it only when it must wait.</summary>
    public PaceDecision Offer(ReadOnlySpan<byte> packet, SendPriority priority, long now)
    {
        if (priority > SendPriority.Video) return PaceDecision.SendNow; // probes are the caller's own budget
        Refill(now);
        var p = (int)priority;
        if (priority == SendPriority.Audio || (_budgetBits > 0 && !AnyQueuedAtOrAbove(p)))
        {
            _budgetBits -= packet.Length * 8;
            return PaceDecision.SendNow;
        }
        if (_count[p] == QueueCapacity || QueuedBits + packet.Length * 8 > (double)_rateBps * MaxQueueMicros / 1_000_000)
        {
            // Room for a more important packet comes from the least important queue's newest packets.
            if (!MakeRoomBelow(p, packet.Length))
            {
                _dropped[p]++;
                return PaceDecision.Dropped;
            }
        }
        var queue = _queues[p];
        var slot = (_head[p] + _count[p]) % QueueCapacity;
        var buffer = queue[slot].Buffer ?? ArrayPool<byte>.Shared.Rent(1500);
        if (buffer.Length < packet.Length)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = ArrayPool<byte>.Shared.Rent(packet.Length);
        }
        packet.CopyTo(buffer);
        queue[slot] = new Entry { Buffer = buffer, Length = packet.Length, QueuedAt = now };
        _count[p]++;
        QueuedPackets++;
        QueuedBytes += packet.Length;
        return PaceDecision.Queued;
    }

    /// <summary>Sends queued packets the budget allows at <paramref name="now"/>, most important first. Returns how many.</summary>
    public int Drain(long now, IPacedSink sink)
    {
        Refill(now);
        var sent = 0;
        for (var p = 0; p < PriorityCount && _budgetBits > 0; p++)
        {
            var queue = _queues[p];
            while (_count[p] > 0 && _budgetBits > 0)
            {
                ref var entry = ref queue[_head[p]];
                sink.SendPaced(entry.Buffer.AsSpan(0, entry.Length), (SendPriority)p);
                _budgetBits -= entry.Length * 8;
                QueuedBytes -= entry.Length;
                QueuedPackets--;
                _head[p] = (_head[p] + 1) % QueueCapacity;
                _count[p]--;
                sent++;
            }
        }
        return sent;
    }

    /// <summary>When the next queued packet may go (µs), or <see cref="long.MaxValue"/> when nothing waits.</summary>
    public long NextDue(long now)
    {
        if (QueuedPackets == 0) return long.MaxValue;
        Refill(now);
        if (_budgetBits > 0) return now;
        return now + (long)Math.Ceiling(-_budgetBits * 1_000_000 / _rateBps) + 1;
    }

    /// <summary>Gives every queued buffer back (the transport closed).</summary>
    public void Clear()
    {
        for (var p = 0; p < PriorityCount; p++)
        {
            for (var i = 0; i < QueueCapacity; i++)
            {
                if (_queues[p][i].Buffer is { } buffer) ArrayPool<byte>.Shared.Return(buffer);
                _queues[p][i] = default;
            }
            _count[p] = 0;
            _head[p] = 0;
        }
        QueuedPackets = 0;
        QueuedBytes = 0;
    }

    private double QueuedBits => QueuedBytes * 8.0;

    private bool AnyQueuedAtOrAbove(int priority)
    {
        for (var p = 0; p <= priority; p++)
        {
            if (_count[p] > 0) return true;
        }
        return false;
    }

    private bool MakeRoomBelow(int priority, int needed)
    {
        var limit = (double)_rateBps * MaxQueueMicros / 1_000_000;
        for (var p = PriorityCount - 1; p > priority; p--)
        {
            while (_count[p] > 0 && (QueuedBits + needed * 8 > limit || _count[priority] == QueueCapacity))
            {
                var tail = (_head[p] + _count[p] - 1) % QueueCapacity;
                QueuedBytes -= _queues[p][tail].Length;
                QueuedPackets--;
                _count[p]--;
                _dropped[p]++;
            }
        }
        return _count[priority] < QueueCapacity && QueuedBits + needed * 8 <= limit;
    }

    private void Refill(long now)
    {
        if (_lastRefill < 0)
        {
            _lastRefill = now;
            _budgetBits = MinBurstBits;
            return;
        }
        var elapsed = now - _lastRefill;
        if (elapsed <= 0) return;
        _lastRefill = now;
        var cap = Math.Max(MinBurstBits, (double)_rateBps * BurstMicros / 1_000_000);
        _budgetBits = Math.Min(_budgetBits + (double)_rateBps * elapsed / 1_000_000, cap);
    }
}
