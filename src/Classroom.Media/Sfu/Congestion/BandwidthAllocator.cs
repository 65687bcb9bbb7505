namespace Classroom.Media.Sfu.Congestion;

// How one subscriber's estimate is shared (after every feedback, on the receive loop): audio first,
// at what its publishers really send; then every forwarded video gets its lowest layer, most important
// first (screen, featured teacher, other cameras); then, in the same order, each video climbs a layer
// while what is left pays for it. Climbing needs 15 % headroom over the layer's measured rate, falling
// needs none, so a subscriber near a boundary does not switch layers on every feedback. A layer that
// does not arrive (measured 0) is never chosen. One-stream video (a screen, a camera without
// simulcast) is told its share through the REMB the relay sends its publisher.

/// <summary>Chooses each forwarded video's simulcast layer under one subscriber's estimate. Receive loop only.</summary>
public static class BandwidthAllocator
{
    private const double ClimbHeadroom = 1.15;

    /// <summary>A layer whose rate is not measured yet is priced as the encodings the web client asks for.</summary>
    private static readonly long[] NominalLayerBps = [150_000, 400_000, 1_200_000];

    /// <summary>Shares <paramref name="estimateBps"/> over <paramref name="consumers"/> (the subscription's, any order).</summary>
    /// <returns>What the next climb would add to what is sent now, with margin (0 when nothing wants more): the rate to probe with.</returns>
    public static long Allocate(long estimateBps, ReadOnlySpan<Consumer?> consumers)
    {
        long budget = estimateBps;
        Span<int> order = stackalloc int[consumers.Length];
        var videos = 0;
        for (var i = 0; i < consumers.Length; i++)
        {
            if (consumers[i] is not { } consumer || consumer.Paused) continue;
            if (!consumer.Producer.IsVideo)
            {
                budget -= Math.Max(consumer.Producer.LayerBitrate(0), 0);
                continue;
            }
            order[videos++] = i;
        }
        if (videos == 0) return 0;
        order = order[..videos];
        // Most important first; a stable order among equals (section order).
        for (var i = 1; i < order.Length; i++)
        {
            for (var j = i; j > 0 && consumers[order[j]]!.Priority < consumers[order[j - 1]]!.Priority; j--) (order[j], order[j - 1]) = (order[j - 1], order[j]);
        }

        Span<int> chosen = stackalloc int[videos];
        for (var k = 0; k < order.Length; k++) budget -= Cost(consumers[order[k]]!, 0);
        var climbing = true;
        while (climbing)
        {
            climbing = false;
            for (var k = 0; k < order.Length; k++)
            {
                var consumer = consumers[order[k]]!;
                var next = chosen[k] + 1;
                if (consumer.Layers is null || next >= consumer.Producer.Layers.Count || next > consumer.Layers.Allowed) continue;
                var measured = consumer.Producer.LayerBitrate(next);
                if (measured <= 0) continue;
                var extra = measured - Cost(consumer, chosen[k]);
                // Staying on a layer already forwarded needs no headroom; climbing to a new one does.
                var needed = next <= consumer.CurrentLayer ? extra : (long)(extra * ClimbHeadroom);
                if (needed > budget) continue;
                budget -= extra;
                chosen[k] = next;
                climbing = true;
            }
        }
        var share = (ulong)Math.Max(estimateBps / videos, 30_000);
        long wanted = 0;
        for (var k = 0; k < order.Length; k++)
        {
            var consumer = consumers[order[k]]!;
            if (consumer.Layers is not null) consumer.TargetLayer = chosen[k];
            else consumer.ReportedBitrate = share;
            // The most important video that could go higher decides what a probe should reach.
            if (wanted == 0 && consumer.Layers is not null && chosen[k] + 1 < consumer.Producer.Layers.Count && chosen[k] + 1 <= consumer.Layers.Allowed
                && consumer.Producer.LayerBitrate(chosen[k] + 1) is var next and > 0)
            {
                wanted = (long)((next - Cost(consumer, chosen[k])) * ClimbHeadroom * 1.1);
            }
        }
        return wanted;
    }

    private static long Cost(Consumer consumer, int layer)
    {
        var measured = consumer.Producer.LayerBitrate(layer);
        if (measured > 0) return measured;
        return consumer.Layers is null ? 0 : NominalLayerBps[Math.Min(layer, NominalLayerBps.Length - 1)];
    }
}
