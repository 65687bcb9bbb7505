using Classroom.Media.Rtcp;
using Classroom.Media.Sfu.Congestion;

namespace Classroom.Media.Tests.Sfu.Congestion;

/// <summary>
/// A closed loop for the estimator: a sender that sends min(offered, estimate) in 1,200-byte packets,
/// a bottleneck with a FIFO queue (tail drop beyond <see cref="MaxQueueMicros"/>), random loss before
/// it, one-way delay both ways, and a receiver that sends real transport-wide feedback every 100 ms,
/// encoded and parsed by the production code. Time advances in 1 ms steps; everything is seeded.
/// </summary>
internal sealed class LinkSimulation(int seed = 1)
{
    private readonly Random _random = new(seed);
    private readonly SentPacketLog _log = new();
    private readonly Queue<(long At, byte[] Feedback)> _feedback = new();
    private readonly SortedDictionary<ushort, long> _unreported = new();
    private readonly List<long> _queueDelays = [];
    private long _linkFreeAt;
    private double _budgetBits;
    private long _now;
    private long _lastFeedback;
    private byte _feedbackCount;
    private ushort _firstUnreported;
    private bool _anyUnreported;
    private readonly List<(long At, ushort Seq)> _inFlight = [];

    public BandwidthEstimator Estimator { get; } = new();
    public long CapacityBps { get; set; } = 1_000_000;
    public long OneWayMicros { get; set; } = 50_000;
    public double Loss { get; set; }
    public long OfferedBps { get; set; } = 5_000_000;
    public long MaxQueueMicros { get; set; } = 1_000_000;
    public long Now => _now;

    /// <summary>Queueing delays (µs) of packets sent since the last call.</summary>
    public List<long> TakeQueueDelays()
    {
        var copy = _queueDelays.ToList();
        _queueDelays.Clear();
        return copy;
    }

    public void Run(TimeSpan duration)
    {
        var end = _now + (long)duration.TotalMicroseconds;
        for (; _now < end; _now += 1000)
        {
            Send();
            Receive();
            DeliverFeedback();
        }
    }

    private void Send()
    {
        var rate = Math.Min(OfferedBps, Estimator.EstimateBps);
        _budgetBits = Math.Min(_budgetBits + rate / 1000.0, 1200 * 8 * 4);
        while (_budgetBits >= 1200 * 8)
        {
            _budgetBits -= 1200 * 8;
            var seq = _log.Add(1200, _now);
            if (_random.NextDouble() < Loss) continue;
            var start = Math.Max(_now, _linkFreeAt);
            if (start - _now > MaxQueueMicros) continue; // tail drop at a full modem queue
            _queueDelays.Add(start - _now);
            _linkFreeAt = start + 1200L * 8 * 1_000_000 / CapacityBps;
            _inFlight.Add((_linkFreeAt + OneWayMicros, seq));
        }
    }

    private void Receive()
    {
        for (var i = 0; i < _inFlight.Count;)
        {
            var (at, seq) = _inFlight[i];
            if (at > _now)
            {
                i++;
                continue;
            }
            _unreported[seq] = at;
            if (!_anyUnreported)
            {
                _anyUnreported = true;
                _firstUnreported = seq;
            }
            _inFlight.RemoveAt(i);
        }
        if (_now - _lastFeedback < 100_000 || _unreported.Count == 0) return;
        _lastFeedback = _now;
        var highest = _unreported.Keys.Max();
        var first = _firstUnreported;
        var arrivals = new long[(ushort)(highest - first) + 1];
        for (var i = 0; i < arrivals.Length; i++)
            arrivals[i] = _unreported.TryGetValue((ushort)(first + i), out var at) ? at : -1;
        var buffer = new byte[1200];
        var length = TransportFeedback.Write(buffer, 1, 2, first, _feedbackCount++, arrivals);
        if (length > 0) _feedback.Enqueue((_now + OneWayMicros, buffer[..length]));
        _unreported.Clear();
        _firstUnreported = (ushort)(highest + 1);
    }

    private void DeliverFeedback()
    {
        while (_feedback.Count > 0 && _feedback.Peek().At <= _now)
        {
            var (_, bytes) = _feedback.Dequeue();
            Assert.True(TransportFeedback.TryParse(bytes, out var parsed));
            Estimator.OnFeedback(parsed, _log, _now);
        }
    }
}
