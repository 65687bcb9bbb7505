using Classroom.Bench.Media;

namespace Classroom.Bench.Tests.Media;

/// <summary>Loss, duplicates and wrap-around as a receiver counts them from clear RTP sequence numbers.</summary>
public sealed class SequenceTallyTests
{
    [Fact]
    public void Every_number_once_in_order_is_no_loss_even_across_the_16_bit_wrap()
    {
        var tally = new SequenceTally();
        for (var i = 0; i < 3000; i++) tally.Add((ushort)(64000 + i));

        Assert.Equal(new SequenceCounts(3000, 0, 0), tally.Counts);
    }

    [Fact]
    public void Missing_numbers_between_received_ones_are_lost()
    {
        var tally = new SequenceTally();
        foreach (var n in new ushort[] { 65530, 65531, 65534, 65535, 2, 3 }) tally.Add(n);

        // 65532, 65533, 0 and 1 never came: 10 expected from 65530 to 3 across the wrap, 6 received.
        Assert.Equal(new SequenceCounts(6, 4, 0), tally.Counts);
    }

    [Fact]
    public void A_late_packet_fills_its_gap_and_a_repeated_one_is_a_duplicate()
    {
        var tally = new SequenceTally();
        foreach (var n in new ushort[] { 10, 11, 13, 14 }) tally.Add(n);
        Assert.Equal(new SequenceCounts(4, 1, 0), tally.Counts);

        tally.Add(12);
        tally.Add(13);
        tally.Add(9); // reordered before the first one seen: expected widens, nothing lost

        Assert.Equal(new SequenceCounts(6, 0, 1), tally.Counts);
    }

    [Fact]
    public void A_packet_older_than_the_window_is_neither_received_nor_a_duplicate()
    {
        var tally = new SequenceTally();
        for (var i = 0; i < SequenceTally.Window + 10; i++)
        {
            if (i != 3) tally.Add((ushort)i);
        }
        tally.Add(3);

        Assert.Equal(1, tally.TooLate);
        Assert.Equal(new SequenceCounts(SequenceTally.Window + 9, 1, 0), tally.Counts);
    }

    [Fact]
    public void The_difference_of_two_counts_is_what_happened_between_them()
    {
        var tally = new SequenceTally();
        for (ushort i = 0; i < 100; i++) tally.Add(i);
        var before = tally.Counts;
        for (ushort i = 100; i < 200; i++)
        {
            if (i % 10 != 0) tally.Add(i);
        }
        tally.Add(150 + 1);

        Assert.Equal(new SequenceCounts(90, 10, 1), tally.Counts - before);
    }
}
