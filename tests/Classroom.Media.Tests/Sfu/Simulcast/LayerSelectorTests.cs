using Classroom.Media.Sfu.Simulcast;

namespace Classroom.Media.Tests.Sfu.Simulcast;

public sealed class LayerSelectorTests
{
    private const int All = 0b111;

    [Fact]
    public void Starts_only_at_a_key_frame_of_the_highest_layer_and_forwards_nothing_else_before()
    {
        var selector = new LayerSelector(3);
        Assert.Equal(-1, selector.CurrentLayer);
        Assert.Equal(LayerDecision.Drop, selector.Decide(0, keyFrame: true, All));
        Assert.Equal(LayerDecision.Drop, selector.Decide(1, keyFrame: true, All));
        Assert.Equal(LayerDecision.WaitForKeyframe, selector.Decide(2, keyFrame: false, All));
        Assert.Equal(LayerDecision.Switch, selector.Decide(2, keyFrame: true, All));
        Assert.Equal(2, selector.CurrentLayer);
        Assert.Equal(LayerDecision.Forward, selector.Decide(2, keyFrame: false, All));
        Assert.Equal(LayerDecision.Drop, selector.Decide(0, keyFrame: false, All));
    }

    [Fact]
    public void Switches_down_and_up_only_at_key_frames_of_the_new_layer_keeping_the_old_one_until_then()
    {
        var selector = new LayerSelector(3);
        selector.Decide(2, keyFrame: true, All);

        selector.PreferredLayer = 0;
        Assert.Equal(LayerDecision.Forward, selector.Decide(2, keyFrame: false, All));
        Assert.Equal(LayerDecision.WaitForKeyframe, selector.Decide(0, keyFrame: false, All));
        Assert.Equal(LayerDecision.Drop, selector.Decide(1, keyFrame: true, All));
        Assert.Equal(LayerDecision.Forward, selector.Decide(2, keyFrame: true, All));
        Assert.Equal(LayerDecision.Switch, selector.Decide(0, keyFrame: true, All));
        Assert.Equal(LayerDecision.Drop, selector.Decide(2, keyFrame: false, All));

        // The allocator and the receiver both have a say: the lower wins.
        selector.PreferredLayer = 2;
        selector.TargetLayer = 1;
        Assert.Equal(LayerDecision.Forward, selector.Decide(0, keyFrame: false, All));
        Assert.Equal(LayerDecision.Drop, selector.Decide(2, keyFrame: true, All));
        Assert.Equal(LayerDecision.Switch, selector.Decide(1, keyFrame: true, All));
        Assert.Equal(1, selector.CurrentLayer);
        Assert.Equal(3, selector.Switches); // the start counts as one
    }

    [Fact]
    public void A_layer_that_stops_arriving_gives_way_to_the_best_layer_that_does()
    {
        var selector = new LayerSelector(3);
        selector.Decide(2, keyFrame: true, All);
        // The publisher dropped its top layer: the next best is layer 1.
        Assert.Equal(1, selector.Effective(0b011));
        Assert.Equal(LayerDecision.Switch, selector.Decide(1, keyFrame: true, 0b011));
        // Only the lowest still arrives.
        Assert.Equal(0, selector.Effective(0b001));
        // Wanting the lowest when only higher layers arrive: the lowest of those.
        selector.PreferredLayer = 0;
        Assert.Equal(1, selector.Effective(0b110));
        // Nothing arrives: the wish stands.
        Assert.Equal(0, selector.Effective(0));
        selector.PreferredLayer = 5;
        Assert.Equal(2, selector.Effective(0));
    }

    [Fact]
    public void Never_forwards_two_layers_for_any_sequence_of_packets()
    {
        var random = new Random(8853);
        var selector = new LayerSelector(3);
        for (var i = 0; i < 100_000; i++)
        {
            if (random.Next(50) == 0) selector.PreferredLayer = random.Next(3);
            if (random.Next(70) == 0) selector.TargetLayer = random.Next(3);
            var layer = random.Next(3);
            var before = selector.CurrentLayer;
            var decision = selector.Decide(layer, keyFrame: random.Next(10) == 0, arriving: random.Next(8));
            // A packet goes out only if it is of the layer current after the decision; a switch moves to it.
            if (decision is LayerDecision.Forward) Assert.Equal(before, layer);
            if (decision is LayerDecision.Switch) Assert.NotEqual(before, layer);
            if (decision is LayerDecision.Forward or LayerDecision.Switch) Assert.Equal(layer, selector.CurrentLayer);
            else Assert.Equal(before, selector.CurrentLayer);
        }
        Assert.True(selector.Switches > 10);
    }
}
