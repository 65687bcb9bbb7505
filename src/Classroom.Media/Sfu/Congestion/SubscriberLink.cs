using System.Diagnostics;
using Classroom.Media.Rtcp;

namespace Classroom.Media.Sfu.Congestion;

/// <summary>
/// Congestion control for one subscriber's receiving transport: the numbers the relay stamped on what it
/// sent, the estimate the subscriber's feedback gives, and the pacer that keeps sending under it. Lives
/// on the transport's receive loop; the host reads the figures (<see cref="Snapshot"/>) from any thread.
/// </summary>
public sealed class SubscriberLink(long startBps = BandwidthEstimator.DefaultStartBps, long minBps = BandwidthEstimator.DefaultMinBps, long maxBps = BandwidthEstimator.DefaultMaxBps)
{
    private long _bytesSent;
    private long _feedbacks;

    public SentPacketLog Log { get; } = new();
    public BandwidthEstimator Estimator { get; } = new(startBps, minBps, maxBps);
    public Pacer Pacer { get; } = new(startBps);

    /// <summary>The RFC 8285 id the subscriber knows the transport-wide sequence number by (0: not negotiated, nothing stamped).</summary>
    public byte ExtensionId { get; set; }

    /// <summary>Set by the transport while its pacer holds packets, so its loop drains it.</summary>
    public bool Scheduled { get; set; }

    /// <summary>The caller's clock in µs (Stopwatch), the one every time of this link is in.</summary>
    public static long NowMicros => (long)(Stopwatch.GetTimestamp() * (1_000_000.0 / Stopwatch.Frequency));

    /// <summary>Bytes of RTP handed to the transport for this subscriber (before encryption).</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    internal void CountSent(int bytes) => Interlocked.Add(ref _bytesSent, bytes);

    /// <summary>Transport-wide feedback from the subscriber: a new estimate, which the pacer follows at once.</summary>
    public void OnFeedback(TransportFeedback feedback, long nowMicros)
    {
        Estimator.OnFeedback(feedback, Log, nowMicros);
        Pacer.RateBps = Estimator.EstimateBps;
        Interlocked.Increment(ref _feedbacks);
    }

    /// <summary>The link's figures now, for the host (link quality) and the allocator.</summary>
    public LinkSnapshot Snapshot => new(
        Estimator.EstimateBps, Estimator.AckedBps, Estimator.LossFraction, Estimator.RoundTripMicros / 1000,
        BytesSent, Pacer.QueuedBytes, Interlocked.Read(ref _feedbacks));
}

/// <summary>One subscriber's downlink as the relay sees it.</summary>
public readonly record struct LinkSnapshot(
    long EstimateBps, long AckedBps, double LossFraction, long RoundTripMilliseconds, long BytesSent, long QueuedBytes, long Feedbacks);
