using Classroom.Media.Rtp;

namespace Classroom.Media.Tests.Rtp;

public sealed class SequenceRewriterTests
{
    private static ushort Rewrite(SequenceRewriter rewriter, ushort input)
    {
        Assert.True(rewriter.TryRewrite(input, out var output));
        return output;
    }

    [Fact]
    public void A_new_source_continues_the_subscribers_sequence_without_a_jump_even_across_the_wrap()
    {
        var rewriter = new SequenceRewriter();
        var first = Enumerable.Range(0, 5).Select(i => Rewrite(rewriter, (ushort)(65533 + i))).ToList();
        Assert.Equal([1, 2, 3, 4, 5], first.Select(x => (int)x));
        rewriter.Sync();
        var second = new[] { Rewrite(rewriter, 1000), Rewrite(rewriter, 1001) };
        Assert.Equal([6, 7], second.Select(x => (int)x));
    }

    [Fact]
    public void Packets_dropped_on_purpose_leave_no_gap_but_real_losses_do()
    {
        var rewriter = new SequenceRewriter();
        Assert.Equal(1, Rewrite(rewriter, 100));
        rewriter.Skip(101);
        rewriter.Skip(102);
        Assert.Equal(2, Rewrite(rewriter, 103));
        // 104 lost in the network: the subscriber sees the gap and can NACK it.
        Assert.Equal(4, Rewrite(rewriter, 105));
        // A late retransmission of 104 maps into the gap.
        Assert.Equal(3, Rewrite(rewriter, 104));
    }

    [Fact]
    public void After_a_new_source_its_late_packets_from_before_its_first_are_not_sent_over_the_old_sources_numbers()
    {
        var rewriter = new SequenceRewriter(rememberSent: true);
        for (ushort s = 10; s < 20; s++) Assert.True(rewriter.TryRewrite(s, out _));
        rewriter.Sync();
        Assert.Equal(11, Rewrite(rewriter, 500));
        Assert.False(rewriter.TryRewrite(499, out _));
        Assert.Equal(13, Rewrite(rewriter, 502));
        Assert.Equal(11, Rewrite(rewriter, 500)); // the new source's first packet again: same number
        Assert.True(rewriter.TryFindSent(5, out var input));
        Assert.Equal(14, input);
        Assert.True(rewriter.TryFindSent(13, out input));
        Assert.Equal(502, input);
        Assert.False(rewriter.TryFindSent(12, out _)); // 501 not here yet
        Assert.False(rewriter.TryFindSent(14, out _)); // nothing sent under it yet
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
