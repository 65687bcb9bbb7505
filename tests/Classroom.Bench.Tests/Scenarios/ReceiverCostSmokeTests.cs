using Classroom.Bench.Scenarios.Forwarding;

namespace Classroom.Bench.Tests.Scenarios;

/// <summary>A second of the receivers' cost measurement, so the command never rots.</summary>
public sealed class ReceiverCostSmokeTests
{
    [Fact]
    public async Task Two_pairs_of_synthetic_browsers_exchange_packets_and_the_receivers_cost_is_reported()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var run = await ReceiverCost.RunAsync(pairs: 2, rate: 100, TimeSpan.FromSeconds(1), decryptOneIn: 10, timeout.Token);

        Assert.True(run.Received > 0, "no packet reached the receivers");
        Assert.True(double.IsFinite(run.ReceiverMicroseconds), $"{run.ReceiverMicroseconds}");
    }
}
