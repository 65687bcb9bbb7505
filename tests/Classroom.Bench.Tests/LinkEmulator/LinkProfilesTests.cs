using Classroom.LinkEmulator;

namespace Classroom.Bench.Tests.LinkEmulator;

public sealed class LinkProfilesTests
{
    [Theory]
    [InlineData("village-adsl", 512_000, 128_000, 80, 0.01)]
    [InlineData("rural-3g", 1_000_000, 1_000_000, 150, 0.02)]
    [InlineData("satellite", 2_000_000, 2_000_000, 600, 0.005)]
    [InlineData("worst", 256_000, 256_000, 300, 0.05)]
    public void Named_profiles_have_their_documented_figures(string name, long down, long up, int delayMs, double loss)
    {
        var profile = LinkProfiles.Get(name);

        Assert.Equal(name, profile.Name);
        Assert.Equal(down, profile.Downlink.RateBitsPerSecond);
        Assert.Equal(up, profile.Uplink.RateBitsPerSecond);
        foreach (var direction in new[] { profile.Downlink, profile.Uplink })
        {
            Assert.Equal(TimeSpan.FromMilliseconds(delayMs), direction.Delay);
            Assert.Equal(loss, direction.Loss.MeanLoss, precision: 9);
            Assert.True(direction.QueueLimitBytes > 0, "every shaped profile has a bounded modem queue");
            direction.Validate();
        }
    }

    [Fact]
    public void Worst_loses_in_bursts_and_the_others_independently()
    {
        Assert.True(LinkProfiles.Worst.Downlink.Loss.BadToGood < 0.5, "bursts of several packets");
        Assert.Equal(GilbertElliott.Bernoulli(0.01), LinkProfiles.VillageAdsl.Uplink.Loss);
    }

    [Theory]
    [InlineData("lan")]
    [InlineData("ideal")]
    public void Lan_and_ideal_do_not_shape(string name) => Assert.True(LinkProfiles.Get(name).IsUnshaped);

    [Fact]
    public void Lookup_ignores_case_and_every_listed_profile_resolves()
    {
        Assert.Same(LinkProfiles.VillageAdsl, LinkProfiles.Get("Village-ADSL"));
        Assert.Equal(["ideal", "lan", "village-adsl", "rural-3g", "satellite", "worst"], LinkProfiles.Names);
        Assert.All(LinkProfiles.Names, n => Assert.True(LinkProfiles.TryGet(n, out _)));
    }

    [Fact]
    public void Unknown_name_is_an_error_that_lists_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => LinkProfiles.Get("dial-up"));

        Assert.Contains("'dial-up'", error.Message, StringComparison.Ordinal);
        Assert.All(LinkProfiles.Names, n => Assert.Contains(n, error.Message, StringComparison.Ordinal));
    }
}
