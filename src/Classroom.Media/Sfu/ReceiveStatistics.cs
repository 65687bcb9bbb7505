using Classroom.Media.Rtcp;

namespace Classroom.Media.Sfu;

// RFC 3550 §6.4.1 and Appendix A.1 (sequence tracking), A.3 (expected and lost), A.8 (interarrival
// jitter): what the relay tells a publisher in its receiver reports. The sender's loss-based rate
// control reads them, so a publisher on a bad uplink backs off.

/// <summary>Receive-side counters of one incoming stream. Updated on the receive loop, read by the report timer.</summary>
public sealed class ReceiveStatistics(int clockRate)
{
    private bool _started;
    private ushort _maxSequence;
    private uint _cycles;
    private uint _baseSequence;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private double _jitter;
    private long _lastTransit;
    private bool _hasTransit;
    private uint _lastSenderReport;
    private long _lastSenderReportAt;

    public long Received => Interlocked.Read(ref _received);

    public void OnPacket(ushort sequence, uint rtpTimestamp, long arrivalTicks)
    {
        if (!_started)
        {
            _started = true;
            _maxSequence = sequence;
            _baseSequence = sequence;
        }
        else if (Rtp.SequenceRewriter.IsNewer(sequence, _maxSequence))
        {
            if (sequence < _maxSequence) _cycles += 1 << 16;
            _maxSequence = sequence;
        }
        _received++;
        // Transit in RTP clock units; the jitter is its smoothed variation (A.8).
        var arrival = (long)(arrivalTicks * (double)clockRate / TimeProvider.System.TimestampFrequency);
        var transit = arrival - rtpTimestamp;
        if (_hasTransit)
        {
            var d = Math.Abs(transit - _lastTransit);
            _jitter += (d - _jitter) / 16;
        }
        _lastTransit = transit;
        _hasTransit = true;
    }

    public void OnSenderReport(ulong ntpTimestamp, long arrivalTicks)
    {
        _lastSenderReport = (uint)(ntpTimestamp >> 16);
        _lastSenderReportAt = arrivalTicks;
    }

    /// <summary>The report block for this stream now; also starts the next reporting interval.</summary>
    public ReportBlock Report(uint ssrc, long nowTicks)
    {
        var extendedMax = _cycles + _maxSequence;
        var expected = _started ? (long)extendedMax - _baseSequence + 1 : 0;
        var lost = expected - _received;
        var expectedInterval = expected - _expectedPrior;
        var receivedInterval = _received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = _received;
        var lostInterval = expectedInterval - receivedInterval;
        var fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        var delay = _lastSenderReport == 0 ? 0u
            : (uint)Math.Min(uint.MaxValue, (nowTicks - _lastSenderReportAt) * 65536.0 / TimeProvider.System.TimestampFrequency);
        return new ReportBlock
        {
            Ssrc = ssrc,
            FractionLost = (byte)fraction,
            CumulativeLost = (int)Math.Clamp(lost, ReportBlock.MinCumulativeLost, ReportBlock.MaxCumulativeLost),
            ExtendedHighestSequence = extendedMax,
            Jitter = (uint)_jitter,
            LastSenderReport = _lastSenderReport,
            DelaySinceLastSenderReport = delay,
        };
    }
}
