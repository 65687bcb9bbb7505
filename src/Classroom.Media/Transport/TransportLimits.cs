namespace Classroom.Media.Transport;

/// <summary>
/// Bounds on transports that are still connecting (ICE and DTLS not done). A handshake that never
/// finishes must not cost more than its own thread for <see cref="HandshakeTimeout"/>, and one
/// participant or one lesson must not be able to open transports without end.
/// </summary>
public sealed record TransportLimits
{
    /// <summary>How long one DTLS handshake may take before it fails (the transport may start another).</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>DTLS handshakes running at once on the socket, each on its own thread (never the thread pool).</summary>
    public int MaxHandshakes { get; init; } = 64;

    /// <summary>Transports not yet connected per participant (over all their hub connections).</summary>
    public int MaxConnectingPerParticipant { get; init; } = 4;

    /// <summary>Transports not yet connected per lesson.</summary>
    public int MaxConnectingPerLesson { get; init; } = 60;

    /// <summary>Bounds on ICE-TCP connections (the listener's, and connections per peer).</summary>
    public Tcp.TcpLimits Tcp { get; init; } = new();
}

/// <summary>Whose transport this is, for <see cref="TransportLimits"/>.</summary>
public readonly record struct TransportOwner(Guid LessonId, string ParticipantId);

/// <summary>A transport was refused because too many are connecting; the host maps it to a hub error code.</summary>
public sealed class TransportLimitException(string message) : Exception(message);

/// <summary>
/// What every receive loop's socket shares: the limits, the connecting transports counted by
/// participant and lesson, and the handshakes running. The caps are the server's, however many loops
/// (and sockets) carry its rooms.
/// </summary>
internal sealed class TransportBudget(TransportLimits limits)
{
    private int _handshakes;

    public TransportLimits Limits { get; } = limits;
    public ConnectingTransports Connecting { get; } = new(limits);
    public int HandshakesRunning => Volatile.Read(ref _handshakes);

    /// <summary>Takes a handshake thread if fewer than <see cref="TransportLimits.MaxHandshakes"/> run; else the browser retransmits later.</summary>
    public bool TryEnterHandshake()
    {
        if (Interlocked.Increment(ref _handshakes) <= Limits.MaxHandshakes) return true;
        Interlocked.Decrement(ref _handshakes);
        return false;
    }

    public void ExitHandshake() => Interlocked.Decrement(ref _handshakes);
}

/// <summary>Counts connecting transports by participant and lesson; a slot is given back once.</summary>
internal sealed class ConnectingTransports(TransportLimits limits)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TransportOwner, int> _byParticipant = [];
    private readonly Dictionary<Guid, int> _byLesson = [];

    public Slot Take(TransportOwner owner)
    {
        lock (_gate)
        {
            var participant = _byParticipant.GetValueOrDefault(owner);
            var lesson = _byLesson.GetValueOrDefault(owner.LessonId);
            if (participant >= limits.MaxConnectingPerParticipant)
                throw new TransportLimitException($"This participant already has {participant} media connections being set up.");
            if (lesson >= limits.MaxConnectingPerLesson)
                throw new TransportLimitException($"This lesson already has {lesson} media connections being set up.");
            _byParticipant[owner] = participant + 1;
            _byLesson[owner.LessonId] = lesson + 1;
            return new Slot(this, owner);
        }
    }

    public int Count(TransportOwner owner)
    {
        lock (_gate) return _byParticipant.GetValueOrDefault(owner);
    }

    private void Release(TransportOwner owner)
    {
        lock (_gate)
        {
            if (--_byParticipant[owner] == 0) _byParticipant.Remove(owner);
            if (--_byLesson[owner.LessonId] == 0) _byLesson.Remove(owner.LessonId);
        }
    }

    internal sealed class Slot(ConnectingTransports owner, TransportOwner key)
    {
        private int _released;

        public void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) owner.Release(key);
        }
    }
}
