using System.Collections.Frozen;

namespace Classroom.LinkEmulator;

/// <summary>
/// The named links the bench and tests run over, in one place so a scenario, a report and a test
/// all mean the same thing by "village-adsl". Figures are one-way delays; loss is per packet.
/// </summary>
public static class LinkProfiles
{
    /// <summary>No shaping at all: the baseline every other profile is compared against.</summary>
    public static LinkProfile Ideal { get; } =
        LinkProfile.Symmetric("ideal", LinkDirection.Unshaped, "no shaping");

    /// <summary>The school's own network; same as <see cref="Ideal"/> (loopback is faster than any LAN anyway).</summary>
    public static LinkProfile Lan { get; } =
        LinkProfile.Symmetric("lan", LinkDirection.Unshaped, "school network, no shaping");

    /// <summary>
    /// An old ADSL line in a village: 512 kbit/s down, 128 kbit/s up, 80 ms, 1 % independent loss.
    /// The modem's buffer holds about 400 ms, which is what makes a saturated uplink feel so slow.
    /// </summary>
    public static LinkProfile VillageAdsl { get; } = new(
        "village-adsl",
        Direction(512_000, 80, jitterMs: 10, GilbertElliott.Bernoulli(0.01), queueMs: 400),
        Direction(128_000, 80, jitterMs: 10, GilbertElliott.Bernoulli(0.01), queueMs: 400),
        "512/128 kbit/s, 80 ms, 1 % loss");

    /// <summary>A 3G modem at the edge of a cell: 1 Mbit/s, 150 ms, 2 % loss, noticeable jitter and some reordering.</summary>
    public static LinkProfile Rural3G { get; } = LinkProfile.Symmetric(
        "rural-3g",
        Direction(1_000_000, 150, jitterMs: 30, GilbertElliott.Bernoulli(0.02), queueMs: 300) with { ReorderProbability = 0.005 },
        "1 Mbit/s, 150 ms, 2 % loss");

    /// <summary>Geostationary satellite: 2 Mbit/s, 600 ms, 0.5 % loss.</summary>
    public static LinkProfile Satellite { get; } = LinkProfile.Symmetric(
        "satellite",
        Direction(2_000_000, 600, jitterMs: 20, GilbertElliott.Bernoulli(0.005), queueMs: 500),
        "2 Mbit/s, 600 ms, 0.5 % loss");

    /// <summary>The worst link we still want a lesson to survive: 256 kbit/s, 300 ms, 5 % loss in bursts of ~4 packets.</summary>
    public static LinkProfile Worst { get; } = LinkProfile.Symmetric(
        "worst",
        Direction(256_000, 300, jitterMs: 50, GilbertElliott.Bursty(0.05, meanBurstLength: 4), queueMs: 500)
            with { ReorderProbability = 0.01 },
        "256 kbit/s, 300 ms, 5 % bursty loss");

    /// <summary>Every named profile, in the order above.</summary>
    public static IReadOnlyList<LinkProfile> All { get; } = [Ideal, Lan, VillageAdsl, Rural3G, Satellite, Worst];

    private static readonly FrozenDictionary<string, LinkProfile> ByName =
        All.ToFrozenDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<string> Names => All.Select(p => p.Name);

    public static bool TryGet(string name, out LinkProfile profile)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ByName.TryGetValue(name.Trim(), out profile!);
    }

    /// <summary>The profile named <paramref name="name"/> (any case); an unknown name throws listing the known ones.</summary>
    public static LinkProfile Get(string name) =>
        TryGet(name, out var profile)
            ? profile
            : throw new ArgumentException(
                $"Unknown link profile '{name}'. Known profiles: {string.Join(", ", Names)}.", nameof(name));

    private static LinkDirection Direction(long rate, int delayMs, int jitterMs, GilbertElliott loss, int queueMs) =>
        new LinkDirection
        {
            RateBitsPerSecond = rate,
            Delay = TimeSpan.FromMilliseconds(delayMs),
            Jitter = TimeSpan.FromMilliseconds(jitterMs),
            Loss = loss,
        }.WithQueueDepth(TimeSpan.FromMilliseconds(queueMs));
}
