using Classroom.Core.LinkQuality;

namespace Classroom.Core.Tests.LinkQuality;

public sealed class LinkGradingTests
{
    [Theory]
    [InlineData(0.0, null, null, null, LinkLevel.Good)]
    [InlineData(1.9, 40.0, 290, 1500, LinkLevel.Good)]
    [InlineData(2.0, null, null, null, LinkLevel.Poor)]
    [InlineData(9.9, null, null, null, LinkLevel.Poor)]
    [InlineData(10.0, null, null, null, LinkLevel.Bad)]
    [InlineData(0.0, null, 300, null, LinkLevel.Poor)]
    [InlineData(0.0, null, 800, null, LinkLevel.Bad)]
    [InlineData(0.0, 50.0, null, null, LinkLevel.Poor)]
    [InlineData(0.0, 200.0, null, null, LinkLevel.Bad)]
    [InlineData(0.0, null, null, 299, LinkLevel.Poor)]
    [InlineData(0.0, null, null, 63, LinkLevel.Bad)]
    [InlineData(0.0, null, null, 64, LinkLevel.Poor)]
    // The worst figure decides: the `worst` profile's 5 % loss and 600 ms round trip is poor, one bad figure makes it bad.
    [InlineData(5.0, null, 600, 256, LinkLevel.Poor)]
    [InlineData(5.0, null, 600, 40, LinkLevel.Bad)]
    public void The_worst_figure_decides(double loss, double? jitter, int? rtt, int? estimate, LinkLevel expected) =>
        Assert.Equal(expected, LinkGrading.Grade(new LinkFigures(loss, jitter, rtt, estimate)));

    [Fact]
    public void The_shown_level_drops_at_once_and_recovers_only_after_steady_better_intervals()
    {
        var tracker = new LinkQualityTracker();
        // A bursty line recorded per second: good, a bad burst, then mostly good with one poor second.
        LinkLevel[] graded = [LinkLevel.Good, LinkLevel.Bad, LinkLevel.Good, LinkLevel.Good, LinkLevel.Poor, LinkLevel.Good, LinkLevel.Good, LinkLevel.Good, LinkLevel.Good];
        var shown = new List<LinkLevel>();
        var changes = 0;
        foreach (var level in graded)
        {
            if (tracker.Update(level)) changes++;
            shown.Add(tracker.Shown);
        }

        // Three better seconds after the burst (good, good, poor) lift it to poor; three good ones then to good.
        Assert.Equal([LinkLevel.Good, LinkLevel.Bad, LinkLevel.Bad, LinkLevel.Bad, LinkLevel.Poor, LinkLevel.Poor, LinkLevel.Poor, LinkLevel.Good, LinkLevel.Good], shown);
        Assert.Equal(3, changes);
    }

    [Fact]
    public void Recovery_goes_to_the_level_of_the_last_interval_not_straight_to_good()
    {
        var tracker = new LinkQualityTracker();
        tracker.Update(LinkLevel.Bad);
        for (var i = 0; i < LinkQualityTracker.RecoverAfter; i++) tracker.Update(LinkLevel.Poor);

        Assert.Equal(LinkLevel.Poor, tracker.Shown);
    }
}
