namespace Classroom.Core.LinkQuality;

/// <summary>
/// Grades one interval's figures. The thresholds follow what a lesson needs, not what a film needs:
/// <list type="bullet">
/// <item>Loss: Opus with in-band FEC hides about 2 % without an audible trace; past 10 % speech breaks
/// up even with FEC and RED.</item>
/// <item>Round trip: under 300 ms a conversation flows; past 800 ms (satellite plus a queue) people
/// talk over each other.</item>
/// <item>Estimate: 300 kbit/s carries the lowest camera layer and the audio; under 64 kbit/s only the
/// audio fits (the relay switches such a student to audio only).</item>
/// <item>Jitter: the browser's buffer absorbs 50 ms unnoticed; 200 ms is heard as delay and gaps.</item>
/// </list>
/// The worst of the figures decides: one bad figure is a bad lesson.
/// </summary>
public static class LinkGrading
{
    public const double PoorLossPercent = 2;
    public const double BadLossPercent = 10;
    public const int PoorRttMs = 300;
    public const int BadRttMs = 800;
    public const int PoorEstimateKbps = 300;
    public const int BadEstimateKbps = 64;
    public const double PoorJitterMs = 50;
    public const double BadJitterMs = 200;

    public static LinkLevel Grade(LinkFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var level = Above(figures.LossPercent, PoorLossPercent, BadLossPercent);
        if (figures.RttMs is { } rtt) level = Worse(level, Above(rtt, PoorRttMs, BadRttMs));
        if (figures.JitterMs is { } jitter) level = Worse(level, Above(jitter, PoorJitterMs, BadJitterMs));
        if (figures.EstimateKbps is { } estimate)
            level = Worse(level, estimate < BadEstimateKbps ? LinkLevel.Bad : estimate < PoorEstimateKbps ? LinkLevel.Poor : LinkLevel.Good);
        return level;
    }

    private static LinkLevel Above(double value, double poor, double bad) =>
        value >= bad ? LinkLevel.Bad : value >= poor ? LinkLevel.Poor : LinkLevel.Good;

    private static LinkLevel Worse(LinkLevel a, LinkLevel b) => a > b ? a : b;
}
