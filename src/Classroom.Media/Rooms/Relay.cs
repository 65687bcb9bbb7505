using System.Collections.Concurrent;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Classroom.Media.Dtls;
using Classroom.Media.Sdp;
using Classroom.Media.Sfu;
using Classroom.Media.Transport;
using Classroom.Media.Transport.Tcp;

namespace Classroom.Media.Rooms;

/// <summary>
/// The media relay as a library: the whole surface the host drives.
/// <list type="bullet">
/// <item><see cref="Start"/> opens one UDP socket per receive loop (<see cref="RelayOptions.ReceiveLoops"/>);
/// <see cref="DisposeAsync"/> stops everything.</item>
/// <item><see cref="SetGrants"/> pushes a room's immutable grant snapshot whenever moderation changes
/// it; the packet path reads the latest one and never calls the host.</item>
/// <item><see cref="OpenRoom"/> gives a room (one lesson); the room takes a page's offer and answers
/// it (publishing), makes an offer and takes the answer (receiving), restarts ICE, and closes a
/// participant. <see cref="CloseSession"/> ends one page's transports wherever they are.</item>
/// <item>Events, raised outside the relay's locks: <see cref="TracksChanged"/> (announce the room's
/// tracks), <see cref="TransportGone"/> (a transport ended, e.g. its consent expired).</item>
/// <item>Refusals are <see cref="MediaControlException"/> with a <see cref="MediaControlError"/>; nothing changes.</item>
/// </list>
/// Who is calling and whether they may are the host's business; the relay trusts the ids it is given.
/// </summary>
public sealed partial class Relay(RelayOptions options, TimeProvider time) : IAsyncDisposable
{
    /// <summary>Sections one receiving transport may have: a class of 30 with cameras and microphones, a screen, and spare.</summary>
    public const int MaxSections = 100;

    private readonly Lock _control = new();
    private readonly Dictionary<Guid, Room> _rooms = [];
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private DtlsCertificate? _certificate;
    private MediaLoop[] _loops = [];
    private MediaSocket[] _sockets = [];
    private IceTcpListener? _tcp;
    private ITimer? _timer;

    /// <summary>A room's published track set changed (raised outside the relay's locks).</summary>
    public event Action<Guid>? TracksChanged;

    /// <summary>A transport ended; if it was publishing, its tracks ended too and <see cref="TracksChanged"/> follows.</summary>
    public event Action<TransportGone>? TransportGone;

    internal RelayOptions Options => options;
    internal TimeProvider Time => time;
    /// <summary>The receive loops, each with its socket (none before <see cref="Start"/> or when media is off).</summary>
    internal IReadOnlyList<MediaLoop> Loops => _loops;

    /// <summary>Where the receive loops' sockets listen, one per loop (empty when media is off).</summary>
    public IReadOnlyList<IPEndPoint> LocalEndPoints => [.. _loops.Select(l => l.Socket.LocalEndPoint)];

    /// <summary>The addresses and ports put into ICE candidates, one per receive loop.</summary>
    public IReadOnlyList<IPEndPoint> AnnouncedEndPoints => [.. _loops.Select(l => l.Announced)];

    /// <summary>Where the ICE-TCP listener listens (null when it is off).</summary>
    public IPEndPoint? TcpLocalEndPoint => _tcp?.LocalEndPoint;

    /// <summary>The relay's ICE-TCP listener (null when it is off), for its counters.</summary>
    public IceTcpListener? TcpListener => _tcp;

    /// <summary>"recvmmsg/sendmmsg" or "portable" (null when media is off).</summary>
    public string? BatchingKind => _loops.FirstOrDefault()?.Socket.BatchingKind;

    public int PeerCount => _loops.Sum(l => l.Socket.PeerCount);

    /// <summary>Validated remote addresses still routed to a peer (a leak shows here).</summary>
    public int AddressCount => _loops.Sum(l => l.Socket.AddressCount);

    /// <summary>Packets the receive loops dropped because handling them threw (a bug; the host logs <see cref="LastFault"/>).</summary>
    public long Faults => _loops.Sum(l => l.Socket.Faults);

    public Exception? LastFault => _loops.Select(l => l.Socket.LastFault).LastOrDefault(f => f is not null);

    /// <summary>The receive loops' counters summed, for the host's metrics.</summary>
    public RelayCounters Counters()
    {
        var loops = _loops;
        long received = 0, sent = 0, allocated = 0, dropped = 0, faults = 0, full = 0, tcpQueueDrops = 0;
        foreach (var loop in loops)
        {
            received += loop.Socket.Received;
            sent += loop.Socket.RtpSent;
            allocated += loop.Socket.LoopAllocatedBytes;
            dropped += loop.Socket.Dropped;
            faults += loop.Socket.Faults;
            full += loop.Socket.FullBatches;
            tcpQueueDrops += loop.Socket.DroppedFor(DropReason.TcpQueueFull);
        }
        var tcp = _tcp is { } t ? TcpCounters.Of(t, tcpQueueDrops) : default;
        return new RelayCounters(loops.Length, received, sent, allocated, dropped, faults, full, tcp);
    }
    public int SessionCount => _sessions.Count;

    public int RoomCount
    {
        get
        {
            lock (_control) return _rooms.Count;
        }
    }

    /// <summary>
    /// Opens one socket and receive thread per loop, and the report timer (nothing when
    /// <see cref="RelayOptions.Enabled"/> is false). Loop i listens on <see cref="RelayOptions.UdpPort"/> + i
    /// (any free port each when UdpPort is 0).
    /// </summary>
    /// <exception cref="SocketException">A port is taken; no socket stays open.</exception>
    public void Start()
    {
        if (!options.Enabled || _loops.Length > 0) return;
        _certificate = DtlsCertificate.CreateSelfSigned();
        var budget = new TransportBudget(options.TransportLimits());
        var bind = IPAddress.Parse(options.BindAddress);
        var announced = AnnouncedAddress(options);
        var loops = new List<MediaLoop>();
        try
        {
            for (var i = 0; i < options.LoopCount; i++)
            {
                var port = options.UdpPort == 0 ? 0 : options.UdpPort + i;
                var socket = new MediaSocket(new IPEndPoint(bind, port), _certificate, time, budget, $"media-receive-{i}");
                // Typed owners: each peer leads straight to its session's transport, no lookup per packet.
                socket.RtpReceived = static (peer, packet) => peer.Owner?.OnRtp(packet);
                socket.RtcpReceived = static (peer, packet) => peer.Owner?.OnRtcp(packet);
                loops.Add(new MediaLoop(i, socket, new IPEndPoint(announced, socket.LocalEndPoint.Port)));
            }
        }
        catch
        {
            foreach (var loop in loops) loop.Socket.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        IceTcpListener? tcp = null;
        if (options.TcpEnabled)
        {
            try
            {
                tcp = new IceTcpListener(new IPEndPoint(bind, options.TcpListenPort), budget.Limits.Tcp, time, () => _sockets);
            }
            catch
            {
                foreach (var loop in loops) loop.Socket.DisposeAsync().AsTask().GetAwaiter().GetResult();
                throw;
            }
            var tcpAnnounced = new IPEndPoint(announced, tcp.LocalEndPoint.Port);
            foreach (var loop in loops) loop.AnnouncedTcp = tcpAnnounced;
        }
        foreach (var loop in loops) loop.Socket.Start();
        _sockets = [.. loops.Select(l => l.Socket)];
        _tcp = tcp;
        tcp?.Start();
        lock (_control)
        {
            _loops = [.. loops];
            // Rooms opened before the start (grants pushed early) get their loops now.
            foreach (var room in _rooms.Values) room.Loop = LeastBusyLoop();
        }
        _timer = time.CreateTimer(_ => Tick(), null, options.ReportInterval, options.ReportInterval);
    }

    /// <summary>
    /// The loop a new room goes to: the one with the fewest rooms. All of a room's transports live on
    /// its loop's socket, so its packets are received, routed and forwarded by one thread, without locks
    /// and in one send batch per received batch. Caller holds <see cref="_control"/>.
    /// </summary>
    private MediaLoop? LeastBusyLoop()
    {
        MediaLoop? best = null;
        foreach (var loop in _loops)
        {
            if (best is null || loop.Rooms < best.Rooms) best = loop;
        }
        if (best is not null) best.Rooms++;
        return best;
    }

    /// <summary>Caller holds <see cref="_control"/>.</summary>
    private void AddRoom(Room room)
    {
        _rooms[room.Id] = room;
        room.Loop = LeastBusyLoop();
    }

    /// <summary>Caller holds <see cref="_control"/>.</summary>
    private void RemoveRoom(Room room)
    {
        _rooms.Remove(room.Id);
        if (room.Loop is { } loop) loop.Rooms--;
    }

    /// <summary>The room with this id, opened if it is not.</summary>
    public Room OpenRoom(Guid roomId)
    {
        lock (_control)
        {
            if (!_rooms.TryGetValue(roomId, out var room)) AddRoom(room = new Room(this, roomId));
            return room;
        }
    }

    public Room? FindRoom(Guid roomId)
    {
        lock (_control) return _rooms.GetValueOrDefault(roomId);
    }

    /// <summary>
    /// Replaces a room's grants. A room is kept while it has grants, sessions or tracks: an empty
    /// snapshot (everyone left) for a room without sessions closes it.
    /// </summary>
    public void SetGrants(Guid roomId, MediaGrants grants)
    {
        ArgumentNullException.ThrowIfNull(grants);
        lock (_control)
        {
            if (_rooms.TryGetValue(roomId, out var room)) room.Router.Grants = grants;
            else if (grants.Count > 0) AddRoom(new Room(this, roomId) { Grants = grants });
            if (room is not null) DropIfIdle(room);
        }
    }

    /// <summary>The grants the relay forwards by in a room now (none for a room it does not know).</summary>
    public MediaGrants GrantsOf(Guid roomId) => FindRoom(roomId)?.Grants ?? MediaGrants.None;

    /// <summary>Closes every session of a room and forgets it, grants included.</summary>
    public void CloseRoom(Guid roomId)
    {
        Room? room;
        lock (_control)
        {
            if (!_rooms.TryGetValue(roomId, out room)) return;
            RemoveRoom(room);
        }
        foreach (var session in _sessions.Values.Where(s => s.Room == room).ToList()) CloseSession(session.Id);
    }

    /// <summary>A page's session ended (the host's connection closed, or was replaced): its transports close and its tracks end.</summary>
    public void CloseSession(string sessionId)
    {
        Session? session;
        lock (_control)
        {
            if (!_sessions.TryRemove(sessionId, out session)) return;
        }
        var (publishing, receiving, changed) = session.Room.Close(session);
        lock (_control) DropIfIdle(session.Room);
        Report(session, publishing, receiving, TransportGoneReason.Closed, changed);
    }

    /// <summary>The session for this id in <paramref name="room"/>; a session of the same id elsewhere (another room or participant) is closed first.</summary>
    internal Session SessionFor(Room room, string sessionId, string participantId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentException.ThrowIfNullOrEmpty(participantId);
        if (_loops.Length == 0) throw new MediaControlException(MediaControlError.Disabled, "Media is switched off on this server.");
        while (true)
        {
            lock (_control)
            {
                if (_sessions.TryGetValue(sessionId, out var existing))
                {
                    if (existing.Room == room && existing.ParticipantId == participantId) return existing;
                }
                else
                {
                    // A room that went idle and was dropped while the host held it comes back.
                    if (!_rooms.TryGetValue(room.Id, out var current)) AddRoom(room);
                    else if (current != room) throw new MediaControlException(MediaControlError.Stale, "The room was reopened; try again.");
                    var session = new Session(room, sessionId, participantId, options);
                    _sessions[sessionId] = session;
                    return session;
                }
            }
            CloseSession(sessionId);
        }
    }

    internal Session? FindSession(Room room, string sessionId) =>
        _sessions.TryGetValue(sessionId, out var session) && session.Room == room ? session : null;

    internal IEnumerable<Session> SessionsOf(Room room) => _sessions.Values.Where(s => s.Room == room);

    /// <summary>Caller holds <see cref="_control"/>.</summary>
    private void DropIfIdle(Room room)
    {
        if (room.Grants.Count == 0 && room.Router.Producers.Count == 0 && !_sessions.Values.Any(s => s.Room == room)
            && _rooms.TryGetValue(room.Id, out var current) && current == room)
        {
            RemoveRoom(room);
        }
    }

    internal RelayEndpoint EndpointOf(MediaLoop loop, MediaPeer peer) =>
        new(peer.Ice.Local.Ufrag, peer.Ice.Local.Password, _certificate!.Fingerprint, loop.Announced, loop.AnnouncedTcp);

    internal void Report(Session session, bool publishing, bool receiving, TransportGoneReason reason, bool tracksChanged)
    {
        if (publishing) TransportGone?.Invoke(new TransportGone(session.Room.Id, session.Id, session.ParticipantId, TransportDirection.Publishing, reason));
        if (receiving) TransportGone?.Invoke(new TransportGone(session.Room.Id, session.Id, session.ParticipantId, TransportDirection.Receiving, reason));
        if (tracksChanged) RaiseTracksChanged(session.Room.Id);
    }

    internal void RaiseTracksChanged(Guid roomId) => TracksChanged?.Invoke(roomId);

    private static IPAddress AnnouncedAddress(RelayOptions o)
    {
        if (o.AnnouncedAddress is { } configured) return IPAddress.Parse(configured);
        var bind = IPAddress.Parse(o.BindAddress);
        if (!bind.Equals(IPAddress.Any) && !bind.Equals(IPAddress.IPv6Any)) return bind;
        return NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? IPAddress.Loopback;
    }

    public async ValueTask DisposeAsync()
    {
        if (_timer is { } timer)
        {
            _timer = null;
            await timer.DisposeAsync();
        }
        // Connections first: their readers post to the loops' sockets.
        if (_tcp is { } tcp)
        {
            _tcp = null;
            await tcp.DisposeAsync();
        }
        MediaLoop[] loops;
        lock (_control)
        {
            loops = _loops;
            _loops = [];
        }
        foreach (var loop in loops) await loop.Socket.DisposeAsync();
        lock (_control)
        {
            _sessions.Clear();
            _rooms.Clear();
        }
    }
}

/// <summary>One receive loop: its socket (and thread), the endpoint its candidates announce, and how many rooms it carries.</summary>
internal sealed class MediaLoop(int index, MediaSocket socket, IPEndPoint announced)
{
    public int Index { get; } = index;
    public MediaSocket Socket { get; } = socket;
    public IPEndPoint Announced { get; } = announced;

    /// <summary>The relay's ICE-TCP candidate (null when TCP is off): one port for every loop.</summary>
    public IPEndPoint? AnnouncedTcp { get; set; }

    /// <summary>Rooms assigned to this loop; changed under the relay's control lock.</summary>
    public int Rooms { get; set; }
}

/// <summary>
/// What the relay's receive loops did since the start: datagrams received, RTP packets sent, bytes
/// the loop threads allocated (the packet path allocates none), datagrams dropped, faults, and receives
/// that filled a whole batch (the loop was behind).
/// </summary>
public readonly record struct RelayCounters(int Loops, long DatagramsReceived, long RtpSent, long LoopAllocatedBytes, long Dropped, long Faults, long FullBatches,
    TcpCounters Tcp = default);

/// <summary>
/// The ICE-TCP listener's counters: connections open and not yet bound now, accepted and refused (a
/// limit) since the start, closed for a hostile or broken stream (bad framing, nothing or not STUN
/// first, a deadline missed), and packets dropped whole because a connection's send queue was full.
/// </summary>
public readonly record struct TcpCounters(int Open, int Pending, long Accepted, long Refused, long ClosedHostile, long QueueDrops)
{
    internal static TcpCounters Of(IceTcpListener listener, long queueDrops) => new(
        listener.Open, listener.Pending, listener.Accepted, listener.Refused,
        listener.ClosedFor(TcpCloseReason.InvalidFrame) + listener.ClosedFor(TcpCloseReason.NotStunFirst)
            + listener.ClosedFor(TcpCloseReason.BindTimeout) + listener.ClosedFor(TcpCloseReason.PartialFrameTimeout),
        queueDrops);
}
