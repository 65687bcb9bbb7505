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
    private readonly long _startBps = startBps;
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
        if (Interlocked.Exchange(ref _restartRequested, 0) == 1) Estimator.Restart(_startBps);
        Estimator.OnFeedback(feedback, Log, nowMicros);
        Pacer.RateBps = Estimator.EstimateBps;
        Interlocked.Increment(ref _feedbacks);
        // A probe that queued, lost or delayed packets found the link's edge: back off before trying again.
        if (_probeBps > 0 && (Estimator.Usage == BandwidthUsage.Overusing || Estimator.LossFraction > 0.05)) _probeHoldUntil = nowMicros + ProbeBackoffMicros;
    }

    // Probing (the relay only learns that a higher rate fits by sending it): while the allocator wants
    // more than the estimate allows, padding-only packets follow the last packet of a video frame on
    // that stream's SSRC, with sequence numbers of their own (a duplicate would be dropped by the
    // browser's SRTP replay check before its feedback counted it), up to the missing rate and never
    // more than doubling what is sent. The browser's feedback counts them; the estimate climbs, or the
    // probe backs off for 10 s when it showed delay or loss.
    private const long ProbeBackoffMicros = 10_000_000;
    private long _probeBps;
    private long _probeHoldUntil;
    private double _probeCredit;
    private long _probeRefilled;

    /// <summary>The allocator's next climb would add <paramref name="extraBps"/> to what is sent now (0: nothing more): probe with that.</summary>
    public void Want(long extraBps, long nowMicros)
    {
        _probeBps = extraBps <= 0 || nowMicros < _probeHoldUntil ? 0 : Math.Min(extraBps, Estimator.EstimateBps);
    }

    /// <summary>Whether a probe packet of <paramref name="bytes"/> may go now (taken from the probe's credit).</summary>
    internal bool TakeProbe(int bytes, long nowMicros)
    {
        if (_probeBps == 0)
        {
            _probeCredit = 0;
            _probeRefilled = nowMicros;
            return false;
        }
        _probeCredit = Math.Min(_probeCredit + _probeBps * (nowMicros - _probeRefilled) / 1_000_000.0, 16 * 300 * 8);
        _probeRefilled = nowMicros;
        if (_probeCredit < bytes * 8) return false;
        _probeCredit -= bytes * 8;
        return true;
    }

    private long _restartRequested;

    /// <summary>Asks the receive loop to restart the estimate at the start rate (from the relay's tick; applied at the next feedback).</summary>
    public void RestartEstimate() => Interlocked.Exchange(ref _restartRequested, 1);

    /// <summary>The link's figures now, for the host (link quality) and the allocator.</summary>
    public LinkSnapshot Snapshot => new(
        Estimator.EstimateBps, Estimator.AckedBps, Estimator.LossFraction, Estimator.RoundTripMicros / 1000,
        BytesSent, Pacer.QueuedBytes, Interlocked.Read(ref _feedbacks));
}

/// <summary>One subscriber's downlink as the relay sees it.</summary>
public readonly record struct LinkSnapshot(
    long EstimateBps, long AckedBps, double LossFraction, long RoundTripMilliseconds, long BytesSent, long QueuedBytes, long Feedbacks);
