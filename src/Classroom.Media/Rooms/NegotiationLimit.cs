namespace Classroom.Media.Rooms;

/// <summary>
/// At most N events in any window of length W on the relay's clock: renegotiations and ICE restarts
/// per session. Not thread-safe: callers hold the session's gate.
/// </summary>
internal sealed class NegotiationLimit(int permits, TimeSpan window)
{
    private readonly DateTimeOffset[] _stamps = new DateTimeOffset[permits];
    private int _next;
    private int _count;

    public bool TryAcquire(DateTimeOffset now)
    {
        if (_count == _stamps.Length)
        {
            // The oldest of the last N events must have left the window.
            if (now - _stamps[_next] < window) return false;
        }
        else
        {
            _count++;
        }
        _stamps[_next] = now;
        _next = (_next + 1) % _stamps.Length;
        return true;
    }
}
