using Classroom.Media.Rtp;

namespace Classroom.Media.Tests.Rtp;

public sealed class SequenceRewriterTests
{
    [Fact]
    public void A_new_source_continues_the_subscribers_sequence_without_a_jump_even_across_the_wrap()
    {
        var rewriter = new SequenceRewriter();
        var first = Enumerable.Range(0, 5).Select(i => rewriter.Rewrite((ushort)(65533 + i))).ToList();
        Assert.Equal([1, 2, 3, 4, 5], first.Select(x => (int)x));
        rewriter.Sync();
        var second = new[] { rewriter.Rewrite(1000), rewriter.Rewrite(1001) };
        Assert.Equal([6, 7], second.Select(x => (int)x));
    }

    [Fact]
    public void Packets_dropped_on_purpose_leave_no_gap_but_real_losses_do()
    {
        var rewriter = new SequenceRewriter();
        Assert.Equal(1, rewriter.Rewrite(100));
        rewriter.Skip(101);
        rewriter.Skip(102);
        Assert.Equal(2, rewriter.Rewrite(103));
        // 104 lost in the network: the subscriber sees the gap and can NACK it.
        Assert.Equal(4, rewriter.Rewrite(105));
        // A late retransmission of 104 maps into the gap.
        Assert.Equal(3, rewriter.Rewrite(104));
    }

    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(0, 65535, true)]
    [InlineData(65535, 0, false)]
    [InlineData(100, 100, false)]
    [InlineData(0x8000, 0, false)]
    public void Serial_number_comparison_follows_rfc_1982(int a, int b, bool newer) =>
        Assert.Equal(newer, SequenceRewriter.IsNewer((ushort)a, (ushort)b));
}
