using Classroom.Media.Sfu.Congestion;

namespace Classroom.Media.Tests.Sfu.Congestion;

public sealed class LinkCollapseTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void A_dip_shorter_than_three_seconds_changes_nothing()
    {
        var collapse = new LinkCollapse();
        Assert.False(collapse.Update(S(0), 50_000, 0));
        Assert.False(collapse.Update(S(2), 50_000, 0));
        Assert.False(collapse.Update(S(3), 300_000, 0));
        Assert.False(collapse.Update(S(4), 50_000, 0));
        Assert.False(collapse.Update(S(6), 50_000, 0));
    }

    [Fact]
    public void Three_seconds_below_the_floor_with_loss_or_far_below_or_heavy_loss_collapse_to_audio_only()
    {
        var weak = new LinkCollapse();
        weak.Update(S(0), 80_000, 0.06);
        Assert.True(weak.Update(S(3), 80_000, 0.06));

        var dead = new LinkCollapse();
        dead.Update(S(0), 40_000, 0);
        Assert.True(dead.Update(S(3), 40_000, 0));

        var lossy = new LinkCollapse();
        lossy.Update(S(0), 500_000, 0.3);
        Assert.True(lossy.Update(S(3.5), 500_000, 0.3));

        var slowReceiver = new LinkCollapse(); // delay without loss (a starved receiver's CPU) is not enough
        slowReceiver.Update(S(0), 80_000, 0);
        Assert.False(slowReceiver.Update(S(4), 80_000, 0));
        Assert.False(slowReceiver.Update(S(8), 80_000, 0.08));
        Assert.True(slowReceiver.Update(S(11), 80_000, 0.08));
    }

    [Fact]
    public void Video_is_retried_after_twenty_seconds_and_a_link_that_stays_dead_waits_longer_each_time()
    {
        var collapse = new LinkCollapse();
        collapse.Update(S(0), 50_000, 0);
        Assert.True(collapse.Update(S(3), 50_000, 0));
        Assert.True(collapse.Update(S(22), 50_000, 0));
        Assert.False(collapse.Update(S(23), 50_000, 0)); // retry at 3 + 20
        collapse.Update(S(24), 50_000, 0);
        Assert.True(collapse.Update(S(27), 50_000, 0)); // collapsed again soon after: next wait 40 s
        Assert.True(collapse.Update(S(66), 50_000, 0));
        Assert.False(collapse.Update(S(67.5), 50_000, 0));
    }

    [Fact]
    public void A_link_that_stays_good_after_a_retry_starts_over_with_the_short_wait()
    {
        var collapse = new LinkCollapse();
        collapse.Update(S(0), 50_000, 0);
        collapse.Update(S(3), 50_000, 0);
        Assert.False(collapse.Update(S(23), 400_000, 0));
        Assert.False(collapse.Update(S(60), 400_000, 0)); // settled
        collapse.Update(S(61), 50_000, 0);
        Assert.True(collapse.Update(S(64), 50_000, 0));
        Assert.True(collapse.Update(S(83), 50_000, 0));
        Assert.False(collapse.Update(S(84.5), 50_000, 0)); // 20 s again, not 40
    }
}
