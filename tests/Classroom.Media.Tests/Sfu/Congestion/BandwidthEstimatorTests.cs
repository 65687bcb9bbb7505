namespace Classroom.Media.Tests.Sfu.Congestion;

/// <summary>The estimator in a closed loop over a simulated bottleneck (LinkSimulation): recorded, seeded sequences.</summary>
public sealed class BandwidthEstimatorTests
{
    [Fact]
    public void Steady_link_the_estimate_settles_near_its_capacity_without_filling_the_queue()
    {
        var link = new LinkSimulation { CapacityBps = 1_000_000 };
        link.Run(TimeSpan.FromSeconds(30));
        link.TakeQueueDelays();
        link.Run(TimeSpan.FromSeconds(10));
        Assert.InRange(link.Estimator.EstimateBps, 600_000, 1_150_000);
        var delays = link.TakeQueueDelays().Order().ToList();
        Assert.True(delays[delays.Count / 2] < 150_000, $"median queue {delays[delays.Count / 2] / 1000} ms");
    }

    [Fact]
    public void Step_down_the_estimate_follows_within_three_seconds()
    {
        var link = new LinkSimulation { CapacityBps = 1_000_000 };
        link.Run(TimeSpan.FromSeconds(20));
        link.CapacityBps = 256_000;
        link.Run(TimeSpan.FromSeconds(3));
        Assert.True(link.Estimator.EstimateBps < 310_000, $"{link.Estimator.EstimateBps} bit/s");
    }

    [Fact]
    public void Step_up_the_estimate_climbs_within_fifteen_seconds()
    {
        var link = new LinkSimulation { CapacityBps = 300_000 };
        link.Run(TimeSpan.FromSeconds(20));
        Assert.True(link.Estimator.EstimateBps < 400_000, $"{link.Estimator.EstimateBps} bit/s before");
        link.CapacityBps = 1_500_000;
        link.Run(TimeSpan.FromSeconds(15));
        Assert.True(link.Estimator.EstimateBps > 900_000, $"{link.Estimator.EstimateBps} bit/s after");
    }

    [Fact]
    public void Five_percent_random_loss_on_a_village_line_does_not_starve_it()
    {
        var link = new LinkSimulation(seed: 7) { CapacityBps = 256_000, OneWayMicros = 150_000, Loss = 0.05 };
        link.Run(TimeSpan.FromSeconds(40));
        Assert.InRange(link.Estimator.EstimateBps, 160_000, 300_000);
        Assert.InRange(link.Estimator.LossFraction, 0.02, 0.09);
        Assert.InRange(link.Estimator.RoundTripMicros, 300_000, 700_000);
    }

    [Fact]
    public void Heavy_loss_cuts_the_estimate()
    {
        var link = new LinkSimulation(seed: 3) { CapacityBps = 2_000_000 };
        link.Run(TimeSpan.FromSeconds(20));
        var before = link.Estimator.EstimateBps;
        link.Loss = 0.3;
        link.Run(TimeSpan.FromSeconds(5));
        Assert.True(link.Estimator.EstimateBps < before / 2, $"{before} → {link.Estimator.EstimateBps}");
    }

    [Fact]
    public void An_app_limited_sender_is_not_credited_with_a_rate_it_never_tried()
    {
        var link = new LinkSimulation { CapacityBps = 5_000_000, OfferedBps = 100_000 };
        link.Run(TimeSpan.FromSeconds(20));
        Assert.InRange(link.Estimator.EstimateBps, 100_000, 170_000);
    }
}
