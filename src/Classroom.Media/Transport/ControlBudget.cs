namespace Classroom.Media.Transport;

/// <summary>
/// How many STUN checks and DTLS records one peer may have handled per second. A browser needs a
/// few: Chromium paces checks at 50 ms over its candidate pairs while connecting, then one consent
/// check every ~5 s, and a handshake is a dozen records. A modified client that knows its own
/// credentials could otherwise make the loop verify an HMAC, build an endpoint and answer for every
/// datagram it floods. Touched only by the receive loop that owns the peer, so it needs no lock.
/// </summary>
internal struct ControlBudget
{
    /// <summary>Datagrams per second refilled.</summary>
    public const int PerSecond = 50;

    /// <summary>The burst allowed from full (a browser's first checks on every pair at once, then the hello).</summary>
    public const int Burst = 100;

    private bool _started;
    private long _stamp;
    private double _tokens;

    /// <summary>Takes one datagram's worth at <paramref name="time"/>'s now; false when the peer is over its budget (the datagram is dropped).</summary>
    public bool TryTake(TimeProvider time)
    {
        var timestamp = time.GetTimestamp();
        if (!_started)
        {
            _started = true;
            _stamp = timestamp;
            _tokens = Burst;
        }
        var elapsed = (timestamp - _stamp) / (double)time.TimestampFrequency;
        if (elapsed > 0)
        {
            _tokens = Math.Min(Burst, _tokens + elapsed * PerSecond);
            _stamp = timestamp;
        }
        if (_tokens < 1) return false;
        _tokens -= 1;
        return true;
    }
}
