using System.Buffers;

namespace Classroom.LinkEmulator;

/// <summary>Where a scheduled datagram goes; one instance per association and direction, so nothing is allocated per packet.</summary>
internal interface IDatagramSink
{
    void Send(ReadOnlySpan<byte> datagram);
}

/// <summary>
/// Releases datagrams at their departure times: one priority queue ordered by (departure, arrival
/// sequence) and one timer armed for the earliest entry, instead of a Task.Delay per packet. The
/// payloads are pooled buffers, returned after sending. Bounded: past <see cref="Capacity"/> pending
/// datagrams the caller is told to drop (the proxy's own buffer is full, like any router's).
/// A datagram whose departure falls inside an outage is dropped at that moment (the link is cut
/// under it even if it arrived before the outage began).
/// </summary>
internal sealed class DatagramScheduler : IDisposable
{
    private readonly Lock _gate = new();
    private readonly LinkClock _clock;
    private readonly LinkOutages _outages;
    private readonly PriorityQueue<ScheduledDatagram, (long Departure, long Sequence)> _queue = new();
    private readonly ITimer _timer;
    private long _sequence;
    private long _armedFor = long.MaxValue;
    private bool _disposed;

    public DatagramScheduler(LinkClock clock, LinkOutages outages, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _clock = clock;
        _outages = outages;
        Capacity = capacity;
        _timer = clock.Time.CreateTimer(static s => ((DatagramScheduler)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Capacity { get; }

    public int Pending
    {
        get
        {
            lock (_gate)
                return _queue.Count;
        }
    }

    /// <summary>
    /// Takes ownership of <paramref name="buffer"/> (rented from <see cref="ArrayPool{T}.Shared"/>) when it
    /// returns true; on false the caller still owns it and should count a queue drop.
    /// </summary>
    public bool TrySchedule(TimeSpan departure, byte[] buffer, int length, IDatagramSink sink, LinkCounters counters)
    {
        lock (_gate)
        {
            if (_disposed || _queue.Count >= Capacity)
                return false;
            _queue.Enqueue(new ScheduledDatagram(buffer, length, sink, counters), (departure.Ticks, _sequence++));
            if (departure.Ticks < _armedFor)
                Arm(departure.Ticks, _clock.Now.Ticks);
            return true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            _timer.Dispose();
            while (_queue.TryDequeue(out var datagram, out _))
                ArrayPool<byte>.Shared.Return(datagram.Buffer);
        }
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _armedFor = long.MaxValue;
            var now = _clock.Now;
            while (_queue.TryPeek(out _, out var due) && due.Departure <= now.Ticks)
            {
                var datagram = _queue.Dequeue();
                Deliver(datagram, now);
            }
            if (_queue.TryPeek(out _, out var next))
                Arm(next.Departure, now.Ticks);
        }
    }

    private void Deliver(ScheduledDatagram datagram, TimeSpan now)
    {
        try
        {
            if (_outages.IsDown(now))
            {
                datagram.Counters.AddDroppedByOutage();
                return;
            }
            // Sent under the lock: a loopback UDP send takes microseconds and this keeps departures in order.
            datagram.Sink.Send(datagram.Buffer.AsSpan(0, datagram.Length));
            datagram.Counters.AddForwarded(datagram.Length);
        }
        catch (System.Net.Sockets.SocketException)
        {
            datagram.Counters.AddSendError();
        }
        catch (ObjectDisposedException)
        {
            // The association was closed while this datagram waited; it has nowhere to go.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(datagram.Buffer);
        }
    }

    private void Arm(long departureTicks, long nowTicks)
    {
        _armedFor = departureTicks;
        // Timers count whole milliseconds and truncate; rounding up means a datagram is never sent early
        // (and the timer does not spin on a sub-millisecond remainder). Late by under a millisecond is fine.
        var wait = Math.Max(0, departureTicks - nowTicks);
        var wholeMilliseconds = (wait + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
        _timer.Change(TimeSpan.FromMilliseconds(wholeMilliseconds), Timeout.InfiniteTimeSpan);
    }

    private readonly record struct ScheduledDatagram(byte[] Buffer, int Length, IDatagramSink Sink, LinkCounters Counters);
}
