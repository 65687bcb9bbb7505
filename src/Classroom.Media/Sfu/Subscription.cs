using System.Collections.Frozen;

namespace Classroom.Media.Sfu;

/// <summary>One m-section of a subscriber's session: its mid, kind, and the consumer it carries (null: inactive).</summary>
public sealed record SubscriptionSection(string Mid, string Kind, Consumer? Consumer);

/// <summary>
/// What one receiving transport carries: m-sections in offer order, their consumers found by the
/// SSRC the subscriber knows them by (its RTCP names those). Sections are never removed, so mids
/// stay stable across renegotiations; an ended track's section is reused for the next of its kind.
/// </summary>
public sealed class Subscription(string participantId, IRtpSink transport)
{
    private readonly Lock _control = new();
    private FrozenDictionary<uint, Consumer> _byOutputSsrc = FrozenDictionary<uint, Consumer>.Empty;
    private SubscriptionSection[] _sections = [];

    public string ParticipantId { get; } = participantId;
    public IRtpSink Transport { get; } = transport;

    /// <summary>Congestion control of this receiving transport: its stamps, estimate and pacer.</summary>
    public Congestion.SubscriberLink Link { get; } = new();
    public IReadOnlyList<SubscriptionSection> Sections => _sections;
    public int Version { get; private set; }

    /// <summary>Installs a new section list and returns its version (the offer's o= version).</summary>
    public int Update(IReadOnlyList<SubscriptionSection> sections)
    {
        lock (_control)
        {
            _sections = [.. sections];
            Volatile.Write(ref _consumers, _sections.Select(s => s.Consumer).ToArray());
            _byOutputSsrc = _sections.Where(s => s.Consumer is not null).ToFrozenDictionary(s => s.Consumer!.OutputSsrc, s => s.Consumer!);
            return ++Version;
        }
    }

    public bool TryFind(uint outputSsrc, out Consumer consumer) => _byOutputSsrc.TryGetValue(outputSsrc, out consumer!);

    public IEnumerable<Consumer> Consumers => _byOutputSsrc.Values;

    /// <summary>
    /// Shares the link's estimate over what this subscriber receives: simulcast layers for cameras, the
    /// REMB share for one-stream video (Congestion/BandwidthAllocator). Receive loop only.
    /// </summary>
    internal void ShareEstimate(long nowMicros) =>
        Link.Want(Congestion.BandwidthAllocator.Allocate(Link.Estimator.EstimateBps, Volatile.Read(ref _consumers)), nowMicros);

    private Consumer?[] _consumers = [];
}
