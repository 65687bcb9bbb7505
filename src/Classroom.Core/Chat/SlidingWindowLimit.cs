namespace Classroom.Core.Chat;

/// <summary>
/// At most N events in any window of length W, judged on the caller's clock so tests can drive it.
/// Keeps the last N timestamps in a ring; not thread-safe (callers hold the lesson's lock).
/// The media relay keeps a twin (<c>Classroom.Media/Rooms/NegotiationLimit</c>; it may not reference
/// Core, see there why): a fix here belongs there too.
/// </summary>
public sealed class SlidingWindowLimit(int permits, TimeSpan window)
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
