using System.Buffers;
using Classroom.LinkEmulator;
using Microsoft.Extensions.Time.Testing;

namespace Classroom.Bench.Tests.LinkEmulator;

/// <summary>The UDP proxy's sender, driven by a fake clock: datagrams leave exactly when due, in departure order.</summary>
public sealed class DatagramSchedulerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingSink _sink = new();
    private readonly LinkCounters _counters = new();

    [Fact]
    public void Datagrams_leave_at_their_departure_in_departure_order()
    {
        var outages = new LinkOutages();
        var clock = new LinkClock(_time);
        using var scheduler = new DatagramScheduler(clock, outages, capacity: 16);

        Schedule(scheduler, 30, id: 1);
        Schedule(scheduler, 10, id: 2);
        Schedule(scheduler, 20, id: 3);
        Schedule(scheduler, 20, id: 4); // same departure as 3: arrival order breaks the tie

        _time.Advance(TimeSpan.FromMilliseconds(9));
        Assert.Empty(_sink.Received);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([2], _sink.Received);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal([2, 3, 4], _sink.Received);
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal([2, 3, 4, 1], _sink.Received);
        Assert.Equal(4, _counters.Forwarded);
        Assert.Equal(0, scheduler.Pending);
    }

    [Fact]
    public void An_earlier_datagram_rearms_the_timer()
    {
        using var scheduler = new DatagramScheduler(new LinkClock(_time), new LinkOutages(), capacity: 16);

        Schedule(scheduler, 500, id: 1);
        Schedule(scheduler, 5, id: 2);
        _time.Advance(TimeSpan.FromMilliseconds(5));

        Assert.Equal([2], _sink.Received);
    }

    [Fact]
    public void A_full_scheduler_refuses_and_the_caller_keeps_the_buffer()
    {
        using var scheduler = new DatagramScheduler(new LinkClock(_time), new LinkOutages(), capacity: 2);

        Assert.True(Schedule(scheduler, 10, id: 1));
        Assert.True(Schedule(scheduler, 10, id: 2));
        Assert.False(Schedule(scheduler, 10, id: 3));
    }

    [Fact]
    public void Datagrams_due_while_the_link_is_down_are_lost()
    {
        var outages = new LinkOutages([new Outage(TimeSpan.FromMilliseconds(15), TimeSpan.FromMilliseconds(10))]);
        using var scheduler = new DatagramScheduler(new LinkClock(_time), outages, capacity: 16);

        Schedule(scheduler, 10, id: 1);
        Schedule(scheduler, 20, id: 2);
        Schedule(scheduler, 30, id: 3);
        for (var i = 0; i < 40; i++)
            _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal([1, 3], _sink.Received);
        Assert.Equal(1, _counters.DroppedByOutage);
    }

    private bool Schedule(DatagramScheduler scheduler, int departureMs, byte id)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1);
        buffer[0] = id;
        var accepted = scheduler.TrySchedule(TimeSpan.FromMilliseconds(departureMs), buffer, 1, _sink, _counters);
        if (!accepted)
            ArrayPool<byte>.Shared.Return(buffer);
        return accepted;
    }

    private sealed class RecordingSink : IDatagramSink
    {
        public List<byte> Received { get; } = [];

        public void Send(ReadOnlySpan<byte> datagram) => Received.Add(datagram[0]);
    }
}
