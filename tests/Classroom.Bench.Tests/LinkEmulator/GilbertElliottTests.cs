using Classroom.LinkEmulator;

namespace Classroom.Bench.Tests.LinkEmulator;

public sealed class GilbertElliottTests
{
    private const int Draws = 1_000_000;

    [Fact]
    public void Bursty_model_reaches_its_mean_loss_with_longer_bursts_than_bernoulli()
    {
        var bursty = Measure(GilbertElliott.Bursty(0.05, meanBurstLength: 4), seed: 1);
        var bernoulli = Measure(GilbertElliott.Bernoulli(0.05), seed: 1);

        Assert.InRange(bursty.LossRate, 0.045, 0.055);
        Assert.InRange(bernoulli.LossRate, 0.048, 0.052);
        Assert.InRange(bursty.MeanRun, 3.6, 4.4);          // 1/r
        Assert.InRange(bernoulli.MeanRun, 1.03, 1.08);     // 1/(1 - 0.05)
        Assert.True(bursty.MeanRun > 3 * bernoulli.MeanRun);
    }

    [Fact]
    public void Four_parameter_model_matches_its_stationary_mean()
    {
        var model = new GilbertElliott(goodToBad: 0.02, badToGood: 0.2, lossInGood: 0.01, lossInBad: 0.6);

        Assert.Equal((1 - 0.02 / 0.22) * 0.01 + 0.02 / 0.22 * 0.6, model.MeanLoss, precision: 12);
        Assert.InRange(Measure(model, seed: 9).LossRate, model.MeanLoss - 0.004, model.MeanLoss + 0.004);
    }

    [Fact]
    public void Degenerate_models()
    {
        Assert.Equal(0, Measure(GilbertElliott.None, seed: 2).LossRate);
        Assert.True(GilbertElliott.None.IsLossless);
        Assert.Equal(0.03, GilbertElliott.Bernoulli(0.03).MeanLoss, precision: 12);
        Assert.Equal(0.05, GilbertElliott.Bursty(0.05, 4).MeanLoss, precision: 12);
        Assert.Same(GilbertElliott.None, GilbertElliott.Bursty(0, 4));
    }

    [Fact]
    public void Invalid_parameters_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GilbertElliott(1.1, 0, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => GilbertElliott.Bernoulli(-0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => GilbertElliott.Bursty(0.05, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => GilbertElliott.Bursty(0.6, 1)); // p would exceed 1
    }

    private static (double LossRate, double MeanRun) Measure(GilbertElliott model, int seed)
    {
        var process = new LossProcess(model, new Random(seed));
        long lost = 0, runs = 0;
        var previous = false;
        for (var i = 0; i < Draws; i++)
        {
            var now = process.NextIsLost();
            if (now)
            {
                lost++;
                if (!previous)
                    runs++;
            }
            previous = now;
        }
        return (lost / (double)Draws, runs == 0 ? 0 : lost / (double)runs);
    }
}
