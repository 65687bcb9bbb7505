using Classroom.Media.Sfu.Congestion;

namespace Classroom.Media.Tests.Sfu.Congestion;

public sealed class PacerTests
{
    private sealed class Wire : IPacedSink
    {
        public List<(long At, int Length, SendPriority Priority, byte Tag)> Sent { get; } = [];
        public long Now { get; set; }

        public void SendPaced(ReadOnlySpan<byte> packet, SendPriority priority) => Sent.Add((Now, packet.Length, priority, packet[0]));
    }

    private static byte[] Packet(int length, byte tag)
    {
        var packet = new byte[length];
        packet[0] = tag;
        return packet;
    }

    /// <summary>Offers a packet; what must go now goes on the wire at once, as the transport does.</summary>
    private static PaceDecision Offer(Pacer pacer, Wire wire, byte[] packet, SendPriority priority)
    {
        var decision = pacer.Offer(packet, priority, wire.Now);
        if (decision == PaceDecision.SendNow) wire.SendPaced(packet, priority);
        return decision;
    }

    private static void RunUntil(Pacer pacer, Wire wire, long end, long step = 5_000)
    {
        for (; wire.Now <= end; wire.Now += step) pacer.Drain(wire.Now, wire);
    }

    [Fact]
    public void Under_the_estimate_video_goes_straight_through_without_queueing()
    {
        var pacer = new Pacer(1_000_000);
        var wire = new Wire();
        for (var i = 0; i < 50; i++)
        {
            wire.Now = i * 20_000L; // 50 × 1,000 bytes a second: 400 kbit/s
            Assert.Equal(PaceDecision.SendNow, Offer(pacer, wire, Packet(1000, (byte)i), SendPriority.Video));
        }
        Assert.Equal(0, pacer.QueuedPackets);
        Assert.Equal(50, wire.Sent.Count);
    }

    [Fact]
    public void A_key_frame_burst_is_spread_at_the_estimate_not_sent_at_once()
    {
        var pacer = new Pacer(256_000);
        var wire = new Wire();
        for (var i = 0; i < 15; i++) Offer(pacer, wire, Packet(1200, (byte)i), SendPriority.Video);
        Assert.True(wire.Sent.Count <= 4, $"{wire.Sent.Count} left at once");
        RunUntil(pacer, wire, 1_000_000);
        Assert.Equal(15, wire.Sent.Count);
        Assert.Equal(Enumerable.Range(0, 15).Select(i => (byte)i), wire.Sent.Select(s => s.Tag)); // in order
        // Never ahead of the rate (plus the small burst the bucket may save).
        foreach (var (at, _, _, _) in wire.Sent)
        {
            var bitsSoFar = wire.Sent.Where(s => s.At <= at).Sum(s => s.Length * 8L);
            Assert.True(bitsSoFar <= 256_000 * at / 1_000_000 + 4 * 1200 * 8, $"{bitsSoFar} bits by {at} µs");
        }
        Assert.InRange(wire.Sent[^1].At, 380_000, 520_000); // 3 at once, then 14,400 bytes at 256 kbit/s ≈ 450 ms
    }

    [Fact]
    public void Audio_never_waits_behind_queued_video()
    {
        var pacer = new Pacer(256_000);
        var wire = new Wire();
        for (var i = 0; i < 15; i++) Offer(pacer, wire, Packet(1200, 1), SendPriority.Video);
        wire.Now = 1_000;
        Assert.Equal(PaceDecision.SendNow, Offer(pacer, wire, Packet(100, 99), SendPriority.Audio));
        Assert.Equal(99, wire.Sent[^1].Tag);
        Assert.Equal(1_000, wire.Sent[^1].At);
    }

    [Fact]
    public void Queued_packets_leave_screen_first_then_the_teacher_then_other_cameras()
    {
        var pacer = new Pacer(100_000);
        var wire = new Wire();
        for (var i = 0; i < 3; i++) Assert.Equal(PaceDecision.SendNow, Offer(pacer, wire, Packet(1200, 0), SendPriority.Video)); // spends the burst
        wire.Sent.Clear();
        Offer(pacer, wire, Packet(500, 3), SendPriority.Video);
        Offer(pacer, wire, Packet(500, 2), SendPriority.Featured);
        Offer(pacer, wire, Packet(500, 1), SendPriority.Screen);
        Offer(pacer, wire, Packet(500, 3), SendPriority.Video);
        RunUntil(pacer, wire, 2_000_000);
        Assert.Equal([1, 2, 3, 3], wire.Sent.Select(s => (int)s.Tag));
    }

    [Fact]
    public void More_than_a_second_of_backlog_drops_the_newest_cameras_and_makes_room_for_the_screen()
    {
        var pacer = new Pacer(100_000); // one second holds 12,500 bytes
        var wire = new Wire();
        var dropped = 0;
        for (var i = 0; i < 20; i++)
        {
            if (Offer(pacer, wire, Packet(1200, 3), SendPriority.Video) == PaceDecision.Dropped) dropped++;
        }
        Assert.True(dropped > 0);
        Assert.True(pacer.QueuedBytes * 8 <= 100_000);
        Assert.Equal(dropped, pacer.DroppedAt(SendPriority.Video));

        Assert.Equal(PaceDecision.Queued, Offer(pacer, wire, Packet(1200, 1), SendPriority.Screen));
        Assert.Equal(dropped + 1, pacer.DroppedAt(SendPriority.Video)); // one camera packet gave way
        Assert.Equal(0, pacer.DroppedAt(SendPriority.Screen));
        RunUntil(pacer, wire, 3_000_000);
        Assert.Equal(1, wire.Sent.Skip(wire.Sent.FindIndex(s => s.Tag == 1)).Count(s => s.Tag == 1));
        Assert.True(wire.Sent.FindIndex(s => s.Tag == 1) <= 4, "the screen packet leaves before the queued cameras");
        Assert.Equal(0, pacer.QueuedPackets);
    }

    [Fact]
    public void Next_due_says_when_the_budget_allows_the_head_packet()
    {
        var pacer = new Pacer(96_000); // 12 bytes per ms
        var wire = new Wire();
        Assert.Equal(long.MaxValue, pacer.NextDue(0));
        for (var i = 0; i < 6; i++) Offer(pacer, wire, Packet(1200, 0), SendPriority.Video);
        var due = pacer.NextDue(0);
        Assert.InRange(due, 1, 200_000);
        Assert.Equal(0, pacer.Drain(due - 2_000, wire));
        Assert.True(pacer.Drain(due, wire) >= 1);
    }
}
