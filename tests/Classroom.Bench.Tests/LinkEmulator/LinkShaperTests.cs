using Classroom.LinkEmulator;

namespace Classroom.Bench.Tests.LinkEmulator;

/// <summary>The scheduling core with exact times: no sockets, no clock, no tolerance needed where the maths is exact.</summary>
public sealed class LinkShaperTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Token_bucket_serializes_at_the_configured_rate()
    {
        // 1000 bytes at 800 kbit/s take exactly 10 ms on the wire.
        var shaper = new LinkShaper(new LinkDirection { RateBitsPerSecond = 800_000 });

        var departures = Enumerable.Range(0, 100).Select(_ => shaper.ShapeDatagram(TimeSpan.Zero, 1000)).ToList();

        Assert.All(departures, v => Assert.Equal(PacketFate.Forwarded, v.Fate));
        for (var i = 0; i < departures.Count; i++)
            Assert.Equal(Ms(10 * (i + 1)), departures[i].Departure);
        Assert.Equal(TimeSpan.FromSeconds(1), departures[^1].Departure);
    }

    [Fact]
    public void Packets_slower_than_the_rate_only_pay_their_own_serialization()
    {
        var shaper = new LinkShaper(new LinkDirection { RateBitsPerSecond = 800_000, Delay = Ms(40) });

        for (var i = 0; i < 50; i++)
            Assert.Equal(Ms(20 * i) + Ms(10) + Ms(40), shaper.ShapeDatagram(Ms(20 * i), 1000).Departure);
    }

    [Fact]
    public void Full_queue_drops_the_tail_and_accepts_again_once_drained()
    {
        var counters = new LinkCounters();
        var shaper = new LinkShaper(new LinkDirection { RateBitsPerSecond = 800_000, QueueLimitBytes = 10_000 }, counters: counters);

        var burst = Enumerable.Range(0, 20).Select(_ => shaper.ShapeDatagram(TimeSpan.Zero, 1000).Fate).ToList();

        Assert.Equal(Enumerable.Repeat(PacketFate.Forwarded, 10), burst.Take(10));
        Assert.Equal(Enumerable.Repeat(PacketFate.DroppedByQueue, 10), burst.Skip(10));
        Assert.Equal(10, counters.DroppedByQueue);

        // After 50 ms five packets have left the queue, so exactly five more fit.
        Assert.Equal(5000, shaper.QueuedBytesAt(Ms(50)));
        var later = Enumerable.Range(0, 6).Select(_ => shaper.ShapeDatagram(Ms(50), 1000)).ToList();
        Assert.Equal(5, later.Count(v => v.IsForwarded));
        Assert.Equal(Ms(150), later[4].Departure);
        Assert.Equal(PacketFate.DroppedByQueue, later[5].Fate);
    }

    [Fact]
    public void Queue_depth_in_time_converts_to_bytes_at_the_rate() =>
        Assert.Equal(25_600, new LinkDirection { RateBitsPerSecond = 512_000 }.WithQueueDepth(Ms(400)).QueueLimitBytes);

    [Fact]
    public void Delay_plus_jitter_stays_within_its_bounds_and_uses_them()
    {
        var shaper = new LinkShaper(new LinkDirection { Delay = Ms(100), Jitter = Ms(20) }, seed: 7);

        var delays = Enumerable.Range(0, 2000)
            .Select(i => shaper.ShapeDatagram(Ms(50 * i), 200).Departure - Ms(50 * i))
            .ToList();

        Assert.All(delays, d => Assert.InRange(d, Ms(80), Ms(120)));
        Assert.True(delays.Min() < Ms(82) && delays.Max() > Ms(118), $"jitter range {delays.Min()}..{delays.Max()}");
        Assert.InRange(delays.Average(d => d.TotalMilliseconds), 98, 102);
    }

    [Fact]
    public void Jitter_alone_never_reorders_datagrams()
    {
        var shaper = new LinkShaper(new LinkDirection { Delay = Ms(50), Jitter = Ms(40) }, seed: 3);

        var departures = Enumerable.Range(0, 5000).Select(i => shaper.ShapeDatagram(Ms(i), 100).Departure).ToList();

        Assert.Equal(departures.Order(), departures);
    }

    [Fact]
    public void Reordering_holds_back_about_the_configured_share_and_later_packets_overtake()
    {
        var counters = new LinkCounters();
        var shaper = new LinkShaper(
            new LinkDirection { Delay = Ms(30), ReorderProbability = 0.1, ReorderDelay = Ms(25) }, seed: 11, counters: counters);
        const int Count = 20_000;

        var departures = Enumerable.Range(0, Count).Select(i => shaper.ShapeDatagram(Ms(5 * i), 100).Departure).ToList();

        Assert.InRange(counters.Reordered / (double)Count, 0.09, 0.11);
        var overtaken = Enumerable.Range(0, Count - 1).Count(i => departures[i] > departures[i + 1]);
        Assert.InRange(overtaken / (double)Count, 0.08, 0.11);
    }

    [Fact]
    public void Outage_drops_everything_inside_its_window_and_nothing_outside()
    {
        var outages = new LinkOutages([new Outage(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))]);
        var counters = new LinkCounters();
        var shaper = new LinkShaper(new LinkDirection { Delay = Ms(80) }, outages, counters: counters);

        for (var i = 0; i < 300; i++)
        {
            var arrival = Ms(10 * i);
            var fate = shaper.ShapeDatagram(arrival, 500).Fate;
            var inside = arrival >= TimeSpan.FromSeconds(1) && arrival < TimeSpan.FromSeconds(2);
            Assert.Equal(inside ? PacketFate.DroppedByOutage : PacketFate.Forwarded, fate);
        }
        Assert.Equal(100, counters.DroppedByOutage);
    }

    [Fact]
    public void Outage_windows_that_touch_or_overlap_chain_into_one()
    {
        var outages = new LinkOutages([new Outage(Ms(100), Ms(100)), new Outage(Ms(150), Ms(100)), new Outage(Ms(250), Ms(50))]);
        outages.Add(new Outage(Ms(500), Ms(10), OutageMode.Reset));

        Assert.True(outages.IsDown(Ms(120), out var upAt));
        Assert.Equal(Ms(300), upAt);
        Assert.False(outages.IsDown(Ms(300)));
        Assert.False(outages.IsDown(Ms(99)));
        Assert.True(outages.IsResetting(Ms(505)));
        Assert.False(outages.IsResetting(Ms(120)));
    }

    [Fact]
    public void Stream_departures_never_decrease_and_nothing_is_lost()
    {
        var counters = new LinkCounters();
        var direction = new LinkDirection
        {
            RateBitsPerSecond = 1_000_000,
            Delay = Ms(60),
            Jitter = Ms(50),
            Loss = GilbertElliott.Bursty(0.1, 3),
            ReorderProbability = 0.5, // must be ignored for a byte stream
        };
        var shaper = new LinkShaper(direction, seed: 5, counters: counters);
        var random = new Random(1);
        var arrival = TimeSpan.Zero;
        var previous = TimeSpan.Zero;

        for (var i = 0; i < 5000; i++)
        {
            arrival += Ms(random.Next(0, 20));
            var size = random.Next(1, 1461);
            var departure = shaper.ShapeStream(arrival, size);
            Assert.True(departure >= previous, $"chunk {i} departs at {departure}, before {previous}");
            Assert.True(departure >= arrival + direction.TransmissionTime(size) + Ms(10));
            previous = departure;
        }
        Assert.Equal(0, counters.Dropped);
        Assert.Equal(0, counters.Reordered);
        Assert.InRange(counters.RetransmitStalls, 300, 700); // ~10 % of 5000 became a stall instead of a loss
    }

    [Fact]
    public void Stream_loss_can_be_ignored()
    {
        var counters = new LinkCounters();
        var shaper = new LinkShaper(new LinkDirection { Delay = Ms(20), Loss = GilbertElliott.Bernoulli(0.5) },
            counters: counters, streamLoss: StreamLossMode.Ignore);

        for (var i = 0; i < 100; i++)
            Assert.Equal(Ms(i) + Ms(20), shaper.ShapeStream(Ms(i), 1000));
        Assert.Equal(0, counters.RetransmitStalls);
    }

    [Fact]
    public void Stream_bytes_arriving_during_an_outage_are_held_until_it_ends()
    {
        var outages = new LinkOutages([new Outage(Ms(100), Ms(400))]);
        var shaper = new LinkShaper(new LinkDirection { RateBitsPerSecond = 800_000, Delay = Ms(50) }, outages);

        Assert.Equal(Ms(50) + Ms(10) + Ms(50), shaper.ShapeStream(Ms(50), 1000));
        Assert.Equal(Ms(500) + Ms(10) + Ms(50), shaper.ShapeStream(Ms(200), 1000));
        Assert.Equal(Ms(500) + Ms(20) + Ms(50), shaper.ShapeStream(Ms(300), 1000));
    }

    [Fact]
    public void Stream_reader_is_held_back_while_the_queue_is_over_its_limit()
    {
        // 8000 bit/s = 1000 bytes per second, queue of 1000 bytes.
        var shaper = new LinkShaper(new LinkDirection { RateBitsPerSecond = 8000, QueueLimitBytes = 1000 });
        for (var i = 0; i < 3; i++)
            shaper.ShapeStream(TimeSpan.Zero, 1000);

        Assert.Equal(TimeSpan.FromSeconds(2), shaper.StreamAdmissionDelay(TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromSeconds(0.5), shaper.StreamAdmissionDelay(TimeSpan.FromSeconds(1.5)));
        Assert.Equal(TimeSpan.Zero, shaper.StreamAdmissionDelay(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void Same_seed_gives_the_same_link()
    {
        var direction = LinkProfiles.Worst.Downlink;
        var a = new LinkShaper(direction, seed: 42);
        var b = new LinkShaper(direction, seed: 42);

        for (var i = 0; i < 2000; i++)
            Assert.Equal(a.ShapeDatagram(Ms(3 * i), 300), b.ShapeDatagram(Ms(3 * i), 300));
    }

    [Fact]
    public void Impossible_settings_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new LinkShaper(new LinkDirection { RateBitsPerSecond = -1 }));
        Assert.Throws<ArgumentException>(() => new LinkShaper(new LinkDirection { ReorderProbability = 1.5 }));
        Assert.Throws<ArgumentException>(() => new LinkShaper(new LinkDirection { Delay = Ms(-1) }));
        Assert.Throws<ArgumentException>(() => new LinkOutages([new Outage(Ms(0), Ms(0))]));
    }
}
