using Classroom.Media.Rtcp;

namespace Classroom.Media.Sfu.Congestion;

// The relay's send-side estimate of one subscriber's downlink, from that subscriber's transport-wide
// feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01) in the spirit of Google Congestion
// Control (draft-ietf-rmcat-gcc-02):
// - delay-based: DelayTrend's overuse signal drives an AIMD controller. Overuse cuts the rate to 85 %
//   of what the subscriber actually received (the acknowledged rate); steady delay grows it, 8 % per
//   second while far from the last cut and about one packet per round trip near it; draining holds.
//   It never runs ahead of 1.5 × the acknowledged rate, since a rate never tried is not known to fit.
// - loss-based: over ≥ 20 reported packets, loss above 10 % cuts the rate by half the loss; below 2 %
//   lets it follow the delay-based rate; in between it holds. Village radio links lose a few percent
//   with no queue behind it, and cutting on that would starve them for nothing.
// The estimate is the smaller of the two. Every input is a time the caller passes (µs): the estimator
// has no clock of its own and is driven by recorded sequences in the tests.

/// <summary>One subscriber's downlink estimate from transport-wide feedback. Not thread-safe.</summary>
public sealed class BandwidthEstimator
{
    public const long DefaultStartBps = 300_000;
    public const long DefaultMinBps = 30_000;
    public const long DefaultMaxBps = 5_000_000;

    private const double Decrease = 0.85;
    private const long AckedWindowMicros = 500_000;

    private readonly DelayTrend _trend = new();
    private readonly long _minBps;
    private readonly long _maxBps;

    private long _delayBps;
    private long _lossBps;
    private long _lastUpdate = -1;
    private long _lastDecrease = -1;
    private double _capacityBps = -1; // the acknowledged rate when delay last rose: where the link tops out

    // Loss over the current interval, and the smoothed fraction reported to the host.
    private int _expected;
    private int _lost;
    private long _lastLossUpdate = -1;

    // Acknowledged rate: received bytes over a window of arrival time.
    private long _ackedBytes;
    private long _ackedWindowStart = -1;
    private long _lastArrival = -1;

    public BandwidthEstimator(long startBps = DefaultStartBps, long minBps = DefaultMinBps, long maxBps = DefaultMaxBps)
    {
        _minBps = minBps;
        _maxBps = maxBps;
        _delayBps = Math.Clamp(startBps, minBps, maxBps);
        _lossBps = _maxBps;
    }

    /// <summary>The estimate: what the relay may send to this subscriber, in bit/s.</summary>
    public long EstimateBps => Math.Clamp(Math.Min(_delayBps, _lossBps), _minBps, _maxBps);

    /// <summary>What the subscriber confirmed receiving over the last half second, in bit/s (0 until known).</summary>
    public long AckedBps { get; private set; }

    /// <summary>Smoothed share of packets lost (0..1).</summary>
    public double LossFraction { get; private set; }

    /// <summary>Smoothed feedback round trip in µs (send → feedback back; 0 until known).</summary>
    public long RoundTripMicros { get; private set; }

    public BandwidthUsage Usage => _trend.State;

    /// <summary>
    /// Starts again from <paramref name="bps"/> (video resumes after an audio-only spell: what was
    /// learnt before it is stale, and audio alone never lifts an estimate).
    /// </summary>
    public void Restart(long bps)
    {
        _delayBps = Math.Clamp(bps, _minBps, _maxBps);
        _lossBps = _maxBps;
        _capacityBps = -1;
        _lastDecrease = -1;
        AckedBps = 0;
        LossFraction = 0;
    }

    /// <summary>Feedback received at <paramref name="nowMicros"/> about packets in <paramref name="log"/>.</summary>
    public void OnFeedback(TransportFeedback feedback, SentPacketLog log, long nowMicros)
    {
        long newestSend = -1;
        // The receiver's clock has its own origin: arrival times matter only relative to each other.
        foreach (var result in feedback.Results)
        {
            if (!log.TryGet(result.Sequence, out var sentAt, out var size)) continue;
            _expected++;
            if (!result.Received)
            {
                _lost++;
                continue;
            }
            newestSend = Math.Max(newestSend, sentAt);
            _trend.OnPacket(sentAt, result.ArrivalMicroseconds);
            CountAcked(size, result.ArrivalMicroseconds);
        }
        if (newestSend >= 0)
        {
            var sample = nowMicros - newestSend;
            RoundTripMicros = RoundTripMicros == 0 ? sample : (RoundTripMicros * 7 + sample) / 8;
        }
        UpdateLoss(nowMicros);
        UpdateDelayBased(nowMicros);
    }

    private void CountAcked(int size, long arrival)
    {
        if (_ackedWindowStart < 0 || arrival < _lastArrival - AckedWindowMicros) _ackedWindowStart = arrival;
        _lastArrival = Math.Max(_lastArrival, arrival);
        _ackedBytes += size;
        var span = _lastArrival - _ackedWindowStart;
        if (span < AckedWindowMicros) return;
        var rate = _ackedBytes * 8 * 1_000_000 / span;
        AckedBps = AckedBps == 0 ? rate : (AckedBps + rate) / 2;
        _ackedBytes = 0;
        _ackedWindowStart = _lastArrival;
    }

    private void UpdateLoss(long now)
    {
        if (_expected < 20) return;
        var loss = (double)_lost / _expected;
        LossFraction = _lastLossUpdate < 0 ? loss : LossFraction * 0.7 + loss * 0.3;
        var rtt = Math.Max(RoundTripMicros, 100_000);
        if (loss > 0.10)
        {
            // At most once per round trip plus 300 ms: the feedback of a cut needs that long to show.
            if (_lastLossUpdate < 0 || now - _lastLossUpdate >= 300_000 + rtt)
            {
                _lossBps = (long)(Math.Min(_lossBps, EstimateBps) * (1 - 0.5 * loss));
                _lastLossUpdate = now;
            }
        }
        else if (loss < 0.02)
        {
            _lossBps = _maxBps;
            _lastLossUpdate = now;
        }
        else
        {
            _lossBps = Math.Min(_lossBps, Math.Max(EstimateBps, _minBps));
            _lastLossUpdate = now;
        }
        _expected = 0;
        _lost = 0;
    }

    private void UpdateDelayBased(long now)
    {
        var elapsed = _lastUpdate < 0 ? 0 : Math.Min(now - _lastUpdate, 1_000_000);
        _lastUpdate = now;
        switch (_trend.State)
        {
            case BandwidthUsage.Overusing:
                // Once per round trip: the queue we caused takes that long to drain and show it.
                if (_lastDecrease >= 0 && now - _lastDecrease < Math.Max(RoundTripMicros, 100_000)) break;
                var acked = AckedBps > 0 ? AckedBps : _delayBps;
                // At most halved per cut: a sender that only had its lowest layer to send (little
                // acknowledged) is not thrown below what one more round trip of feedback can correct.
                _delayBps = Math.Min(_delayBps, Math.Max((long)(Decrease * acked), _delayBps / 2));
                _capacityBps = _capacityBps < 0 ? acked : 0.95 * _capacityBps + 0.05 * acked;
                _lastDecrease = now;
                break;
            case BandwidthUsage.Underusing:
                break; // hold while the queue drains
            default:
                if (elapsed == 0) break;
                var seconds = elapsed / 1_000_000.0;
                var nearCapacity = _capacityBps > 0 && _delayBps > 0.85 * _capacityBps && _delayBps < 1.25 * _capacityBps;
                if (nearCapacity)
                {
                    // About one 1,200-byte packet more per round trip.
                    var rtt = Math.Max(RoundTripMicros, 100_000) / 1_000_000.0;
                    _delayBps += (long)(1200 * 8 / rtt * seconds);
                }
                else
                {
                    if (_capacityBps > 0 && _delayBps >= 1.25 * _capacityBps) _capacityBps = -1; // the link grew
                    _delayBps = (long)(_delayBps * Math.Pow(1.08, seconds)) + 1;
                }
                if (AckedBps > 0) _delayBps = Math.Min(_delayBps, (long)(1.5 * AckedBps) + 10_000);
                // What just arrived without the delay growing fits: a successful probe lifts the estimate at once.
                if (_lastDecrease < 0 || now - _lastDecrease > 2_000_000) _delayBps = Math.Max(_delayBps, (long)(0.95 * AckedBps));
                break;
        }
        _delayBps = Math.Clamp(_delayBps, _minBps, _maxBps);
    }
}
