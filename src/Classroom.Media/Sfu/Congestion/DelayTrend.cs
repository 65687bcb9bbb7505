namespace Classroom.Media.Sfu.Congestion;

/// <summary>What the delay trend says about the path: queues are growing, steady, or draining.</summary>
public enum BandwidthUsage
{
    Normal = 0,
    Overusing,
    Underusing,
}

// The delay-based half of Google Congestion Control (draft-ietf-rmcat-gcc-02 §5, as libwebrtc
// evolved it: a trendline instead of the Kalman filter). Packets sent within 5 ms form a group; for
// consecutive groups the one-way delay variation is d = (arrival gap) - (send gap). A growing queue
// at the bottleneck makes d positive on average, so the slope of the accumulated, smoothed delay over
// the last groups, scaled, is compared with an adaptive threshold: above it for a while means
// overuse, below its negative means the queue drains. The threshold adapts so a competing TCP flow
// (which keeps the queue full) does not starve us, and slowly so one burst does not move it.

/// <summary>Turns send and arrival times into a <see cref="BandwidthUsage"/> signal. Not thread-safe.</summary>
public sealed class DelayTrend
{
    private const long GroupMicros = 5_000;
    private const int Window = 20;
    private const double Smoothing = 0.9;
    private const double Gain = 4.0;
    private const double OveruseMicros = 10_000;
    private const double ThresholdUp = 0.0087;
    private const double ThresholdDown = 0.039;

    private readonly double[] _x = new double[Window];
    private readonly double[] _y = new double[Window];
    private int _points;
    private int _head;

    // The group being collected and the last complete one.
    private bool _hasGroup;
    private long _groupFirstSend, _groupLastSend, _groupLastArrival;
    private bool _hasPrevious;
    private long _previousSend, _previousArrival;
    private long _firstArrival = -1;

    private double _accumulated;
    private double _smoothed;
    private int _deltas;
    private double _threshold = 12.5;
    private long _lastThresholdUpdate = -1;
    private double _overuseTime;
    private int _overuseCount;
    private double _previousTrend;

    public BandwidthUsage State { get; private set; }

    /// <summary>The last scaled trend (ms), for diagnostics and tests.</summary>
    public double Trend { get; private set; }

    public double Threshold => _threshold;

    /// <summary>One received packet, in arrival order, with its send time (both µs). Returns the state after it.</summary>
    public BandwidthUsage OnPacket(long sendMicros, long arrivalMicros)
    {
        if (!_hasGroup)
        {
            StartGroup(sendMicros, arrivalMicros);
            return State;
        }
        if (sendMicros < _groupFirstSend) return State; // reordered from an earlier group: ignore
        if (sendMicros - _groupFirstSend <= GroupMicros)
        {
            _groupLastSend = Math.Max(_groupLastSend, sendMicros);
            _groupLastArrival = Math.Max(_groupLastArrival, arrivalMicros);
            return State;
        }
        // The group ended: compare it with the one before.
        if (_hasPrevious) Update(_groupLastSend - _previousSend, _groupLastArrival - _previousArrival, _groupLastArrival);
        _hasPrevious = true;
        _previousSend = _groupLastSend;
        _previousArrival = _groupLastArrival;
        StartGroup(sendMicros, arrivalMicros);
        return State;
    }

    private void StartGroup(long send, long arrival)
    {
        _hasGroup = true;
        _groupFirstSend = send;
        _groupLastSend = send;
        _groupLastArrival = arrival;
    }

    private void Update(long sendDelta, long arrivalDelta, long arrival)
    {
        if (_firstArrival < 0) _firstArrival = arrival;
        var variationMs = (arrivalDelta - sendDelta) / 1000.0;
        _deltas = Math.Min(_deltas + 1, 1000);
        _accumulated += variationMs;
        _smoothed = Smoothing * _smoothed + (1 - Smoothing) * _accumulated;
        _x[_head] = (arrival - _firstArrival) / 1000.0;
        _y[_head] = _smoothed;
        _head = (_head + 1) % Window;
        if (_points < Window) _points++;
        if (_points == Window && Slope() is { } slope) Trend = Math.Min(_deltas, 60) * slope * Gain;
        Detect(sendDelta / 1000.0, arrival);
    }

    /// <summary>Least-squares slope of the window (delay ms per ms), or null when all x are equal.</summary>
    private double? Slope()
    {
        double meanX = 0, meanY = 0;
        for (var i = 0; i < Window; i++)
        {
            meanX += _x[i];
            meanY += _y[i];
        }
        meanX /= Window;
        meanY /= Window;
        double numerator = 0, denominator = 0;
        for (var i = 0; i < Window; i++)
        {
            numerator += (_x[i] - meanX) * (_y[i] - meanY);
            denominator += (_x[i] - meanX) * (_x[i] - meanX);
        }
        return denominator == 0 ? null : numerator / denominator;
    }

    private void Detect(double sendDeltaMs, long arrival)
    {
        if (_deltas < 2)
        {
            State = BandwidthUsage.Normal;
            return;
        }
        if (Trend > _threshold)
        {
            _overuseTime += sendDeltaMs * 1000;
            _overuseCount++;
            if (_overuseTime > OveruseMicros && _overuseCount > 1 && Trend >= _previousTrend)
            {
                _overuseTime = 0;
                _overuseCount = 0;
                State = BandwidthUsage.Overusing;
            }
        }
        else if (Trend < -_threshold)
        {
            _overuseTime = 0;
            _overuseCount = 0;
            State = BandwidthUsage.Underusing;
        }
        else
        {
            _overuseTime = 0;
            _overuseCount = 0;
            State = BandwidthUsage.Normal;
        }
        _previousTrend = Trend;
        AdaptThreshold(arrival);
    }

    private void AdaptThreshold(long arrival)
    {
        if (_lastThresholdUpdate < 0) _lastThresholdUpdate = arrival;
        var magnitude = Math.Abs(Trend);
        // A spike far above the threshold is a one-off (a reroute, a stall), not a new normal.
        if (magnitude > _threshold + 15)
        {
            _lastThresholdUpdate = arrival;
            return;
        }
        var k = magnitude < _threshold ? ThresholdDown : ThresholdUp;
        var elapsedMs = Math.Min((arrival - _lastThresholdUpdate) / 1000.0, 100);
        _threshold = Math.Clamp(_threshold + k * (magnitude - _threshold) * elapsedMs, 6, 600);
        _lastThresholdUpdate = arrival;
    }
}
