namespace Classroom.LinkEmulator;

/// <summary>What the link does with one datagram.</summary>
public enum PacketFate
{
    /// <summary>It will leave the link at <see cref="LinkVerdict.Departure"/>.</summary>
    Forwarded,
    DroppedByLoss,
    DroppedByQueue,
    DroppedByOutage,
}

/// <summary>The shaper's answer for one datagram: its fate and, when forwarded, when it leaves the link (time since the link started).</summary>
public readonly record struct LinkVerdict(PacketFate Fate, TimeSpan Departure)
{
    public bool IsForwarded => Fate == PacketFate.Forwarded;

    public static LinkVerdict Dropped(PacketFate fate) => new(fate, TimeSpan.Zero);
}
