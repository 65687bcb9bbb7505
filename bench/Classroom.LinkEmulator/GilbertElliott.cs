namespace Classroom.LinkEmulator;

/// <summary>
/// The Gilbert–Elliott two-state loss model: a Markov chain with a Good and a Bad state, moved once
/// per packet (Good→Bad with <see cref="GoodToBad"/> = p, Bad→Good with <see cref="BadToGood"/> = r),
/// and a loss probability in each state. Real access links lose packets in bursts (a fading 3G cell,
/// a modem retraining), which hurts audio and NACK recovery far more than the same mean loss spread
/// out evenly; this is the smallest model that produces that. Plain Bernoulli loss is the degenerate
/// case where both states lose with the same probability.
/// </summary>
public sealed record GilbertElliott
{
    public GilbertElliott(double goodToBad, double badToGood, double lossInGood, double lossInBad)
    {
        CheckProbability(goodToBad, nameof(goodToBad));
        CheckProbability(badToGood, nameof(badToGood));
        CheckProbability(lossInGood, nameof(lossInGood));
        CheckProbability(lossInBad, nameof(lossInBad));
        GoodToBad = goodToBad;
        BadToGood = badToGood;
        LossInGood = lossInGood;
        LossInBad = lossInBad;
    }

    /// <summary>No loss at all.</summary>
    public static GilbertElliott None { get; } = new(0, 1, 0, 0);

    /// <summary>p: probability of moving from Good to Bad after a packet.</summary>
    public double GoodToBad { get; }

    /// <summary>r: probability of moving from Bad to Good after a packet; 1/r is the mean stay in Bad.</summary>
    public double BadToGood { get; }

    public double LossInGood { get; }

    public double LossInBad { get; }

    /// <summary>Independent loss with the same probability for every packet.</summary>
    public static GilbertElliott Bernoulli(double loss) => new(0, 1, loss, loss);

    /// <summary>
    /// Simple Gilbert form (Good never loses, Bad always loses) fitted to a mean loss rate and a mean
    /// burst length in packets: r = 1/burst, and p from the stationary share of Bad, p/(p+r) = mean.
    /// </summary>
    public static GilbertElliott Bursty(double meanLoss, double meanBurstLength)
    {
        if (meanLoss is < 0 or >= 1 || double.IsNaN(meanLoss))
            throw new ArgumentOutOfRangeException(nameof(meanLoss), meanLoss, "Mean loss must be in [0, 1).");
        if (meanBurstLength < 1 || double.IsNaN(meanBurstLength))
            throw new ArgumentOutOfRangeException(nameof(meanBurstLength), meanBurstLength, "A burst is at least one packet.");
        if (meanLoss == 0)
            return None;
        var r = 1 / meanBurstLength;
        var p = meanLoss * r / (1 - meanLoss);
        if (p > 1)
            throw new ArgumentOutOfRangeException(nameof(meanBurstLength), meanBurstLength,
                $"Bursts this short cannot reach a mean loss of {meanLoss:P1}; use a longer burst.");
        return new GilbertElliott(p, r, 0, 1);
    }

    /// <summary>Long-run share of lost packets (stationary distribution of the chain).</summary>
    public double MeanLoss
    {
        get
        {
            var moving = GoodToBad + BadToGood;
            var shareBad = moving == 0 ? 0 : GoodToBad / moving; // p = r = 0: the chain stays in Good
            return (1 - shareBad) * LossInGood + shareBad * LossInBad;
        }
    }

    public bool IsLossless => LossInGood == 0 && (LossInBad == 0 || GoodToBad == 0);

    private static void CheckProbability(double value, string name)
    {
        if (value is < 0 or > 1 || double.IsNaN(value))
            throw new ArgumentOutOfRangeException(name, value, "A probability must be in [0, 1].");
    }
}

/// <summary>One running instance of a <see cref="GilbertElliott"/> chain; not thread-safe (its owner locks).</summary>
internal sealed class LossProcess(GilbertElliott model, Random random)
{
    private bool _bad;

    public bool InBadState => _bad;

    /// <summary>Draws the fate of one packet in the current state, then moves the chain.</summary>
    public bool NextIsLost()
    {
        if (model.IsLossless)
            return false;
        var lost = random.NextDouble() < (_bad ? model.LossInBad : model.LossInGood);
        _bad = _bad ? random.NextDouble() >= model.BadToGood : random.NextDouble() < model.GoodToBad;
        return lost;
    }
}
