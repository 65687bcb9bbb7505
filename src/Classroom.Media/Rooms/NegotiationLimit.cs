namespace Classroom.Media.Rooms;

/// <summary>
/// At most N events in any window of length W on the relay's clock: renegotiations and ICE restarts
/// per session. Not thread-safe: callers hold the session's gate.
/// </summary>
/// <remarks>
/// The same ring of the last N timestamps as Core's <c>Chat/SlidingWindowLimit</c>, kept apart on
/// purpose: the relay is a library that does not reference Core, Contracts holds wire types only, and
/// an assembly of its own for fifteen lines would cost more than the copy. The BCL's
/// System.Threading.RateLimiting limiters cannot stand in for either: they replenish on the machine's
/// clock with a timer of their own and take no <see cref="TimeProvider"/> (dotnet/runtime#106447), so
/// tests could not drive them.
/// </remarks>
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
