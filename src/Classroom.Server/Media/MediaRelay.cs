using System.Collections.Concurrent;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using Classroom.Contracts;
using Classroom.Core.Errors;
using Classroom.Media.Dtls;
using Classroom.Media.Sdp;
using Classroom.Media.Sfu;
using Classroom.Media.Transport;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Media;

/// <summary>
/// The media relay inside the server: one UDP socket, one router per lesson, one session per hub
/// connection with a publishing and a receiving transport. Signalling arrives through the hub; the
/// lesson's permission model decides per packet what is forwarded (<see cref="MediaPolicy"/>).
/// Methods that change the lesson's track set return true so the caller announces it.
/// </summary>
public sealed partial class MediaRelay(IOptions<MediaOptions> options, TimeProvider time, ILogger<MediaRelay> logger)
    : IHostedService, IAsyncDisposable
{
    /// <summary>Sections one receiving transport may have: a class of 30 with cameras and microphones, a screen, and spare.</summary>
    public const int MaxSections = 100;

    private readonly ConcurrentDictionary<Guid, Router> _routers = new();
    private readonly ConcurrentDictionary<string, MediaSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, MediaGrants> _grants = new();
    private readonly Lock _rooms = new();
    private DtlsCertificate? _certificate;
    private MediaSocket? _socket;
    private IPEndPoint? _announced;
    private ITimer? _timer;

    /// <summary>Raised (outside the relay's locks) when a lesson's published track set changed.</summary>
    public event Action<Guid>? TracksChanged;

    private void Announce(Guid lessonId) => TracksChanged?.Invoke(lessonId);

    public IPEndPoint? LocalEndPoint => _socket?.LocalEndPoint;
    public int PeerCount => _socket?.PeerCount ?? 0;
    public int AddressCount => _socket?.AddressCount ?? 0;
    public int SessionCount => _sessions.Count;
    public int RouterCount => _routers.Count;
    public Router? RouterOf(Guid lessonId) => _routers.GetValueOrDefault(lessonId);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.Enabled) return Task.CompletedTask;
        _certificate = DtlsCertificate.CreateSelfSigned();
        _socket = new MediaSocket(new IPEndPoint(IPAddress.Parse(o.BindAddress), o.UdpPort), _certificate, time);
        _socket.RtpReceived = OnRtp;
        _socket.RtcpReceived = OnRtcp;
        _socket.Start();
        _announced = new IPEndPoint(AnnouncedAddress(o), _socket.LocalEndPoint.Port);
        _timer = time.CreateTimer(_ => Tick(), null, o.ReportInterval, o.ReportInterval);
        Log.Started(logger, _socket.LocalEndPoint, _announced);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();

    /// <summary>The tracks published in a lesson now, for announcements and late joiners.</summary>
    public IReadOnlyList<MediaTrackView> Tracks(Guid lessonId) =>
        _routers.TryGetValue(lessonId, out var router)
            ? router.Producers.Select(p => new MediaTrackView(p.TrackId, p.ParticipantId, PublishOffer.SourceOf(p.Kind))).ToList()
            : [];

    /// <summary>The host pushes a room's grants whenever moderation changes them; the packet path reads them.</summary>
    public void SetGrants(Guid lessonId, MediaGrants grants)
    {
        lock (_rooms)
        {
            if (grants.Count == 0) _grants.TryRemove(lessonId, out _);
            else _grants[lessonId] = grants;
            if (_routers.TryGetValue(lessonId, out var router)) router.Grants = grants;
        }
    }

    /// <summary>The grants the relay forwards by in a room now (none for a room it does not know).</summary>
    public MediaGrants GrantsOf(Guid lessonId) => _routers.TryGetValue(lessonId, out var router) ? router.Grants : _grants.GetValueOrDefault(lessonId) ?? MediaGrants.None;

    private Router OpenRouter(Guid lessonId)
    {
        lock (_rooms)
        {
            return _routers.GetOrAdd(lessonId, l => new Router(l, time) { Grants = _grants.GetValueOrDefault(l) ?? MediaGrants.None });
        }
    }

    private MediaSession SessionFor(Guid lessonId, string participantId, string connectionId)
    {
        if (_socket is null || _certificate is null || _announced is null) throw new ClassroomException(ErrorCodes.MediaDisabled, "Media is switched off on this server.");
        var session = _sessions.GetOrAdd(connectionId, id => new MediaSession(lessonId, participantId, id,
            OpenRouter(lessonId), options.Value));
        if (session.LessonId != lessonId || session.ParticipantId != participantId)
        {
            RemoveConnection(connectionId);
            return SessionFor(lessonId, participantId, connectionId);
        }
        return session;
    }

    private RelayEndpoint EndpointOf(MediaPeer peer) => new(peer.Ice.Local.Ufrag, peer.Ice.Local.Password, _certificate!.Fingerprint, _announced!);

    private static ulong NewSessionId() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 1;

    /// <summary>A participant left or was removed: their transports and tracks end at once.</summary>
    public void RemoveParticipant(Guid lessonId, string participantId)
    {
        foreach (var session in _sessions.Values.Where(s => s.LessonId == lessonId && s.ParticipantId == participantId).ToList())
            RemoveConnection(session.ConnectionId);
    }

    /// <summary>A hub connection closed (or was replaced): its transports close and its tracks end.</summary>
    public void RemoveConnection(string connectionId)
    {
        if (!_sessions.TryRemove(connectionId, out var session)) return;
        bool changed;
        lock (session.Gate)
        {
            changed = ClosePublishing(session);
            CloseReceiving(session);
        }
        DropRouterIfIdle(session.Router);
        if (changed) Announce(session.LessonId);
    }

    private bool ClosePublishing(MediaSession session)
    {
        var changed = false;
        if (session.Publication is { } publication)
        {
            foreach (var producer in publication.Producers)
            {
                session.Router.Remove(producer);
                changed = true;
            }
            session.Publication = null;
        }
        if (session.PublishPeer is { } peer) _socket?.RemovePeer(peer);
        session.PublishPeer = null;
        session.PublishRemoteUfrag = null;
        return changed;
    }

    private void CloseReceiving(MediaSession session)
    {
        if (session.ReceivePeer is { } peer)
        {
            session.Router.RemoveSubscriber(peer);
            _socket?.RemovePeer(peer);
        }
        session.ReceivePeer = null;
        session.Subscription = null;
    }

    private void DropRouterIfIdle(Router router)
    {
        lock (_rooms)
        {
            if (router.Producers.Count == 0 && !_sessions.Values.Any(s => s.Router == router))
                _routers.TryRemove(new KeyValuePair<Guid, Router>(router.RoomId, router));
        }
    }

    private void OnRtp(MediaPeer peer, Span<byte> packet)
    {
        if (peer.Owner is MediaSession { Publication: { } publication } session && ReferenceEquals(peer, session.PublishPeer))
            session.Router.OnRtp(publication, packet);
    }

    private void OnRtcp(MediaPeer peer, Span<byte> packet)
    {
        if (peer.Owner is not MediaSession session) return;
        if (ReferenceEquals(peer, session.PublishPeer) && session.Publication is { } publication) session.Router.OnPublisherRtcp(publication, packet);
        else if (ReferenceEquals(peer, session.ReceivePeer) && session.Subscription is { } subscription) session.Router.OnSubscriberRtcp(subscription, packet);
    }

    /// <summary>Every report interval: receiver reports and REMB to publishers; transports whose consent expired are closed.</summary>
    private void Tick()
    {
        var o = options.Value;
        Span<byte> report = stackalloc byte[1200];
        var changedLessons = new HashSet<Guid>();
        foreach (var session in _sessions.Values)
        {
            if (session.PublishPeer is { State: PeerState.Connected } publisher && session.Publication is { } publication)
            {
                var length = Router.WritePublisherReport(publication, report, (ulong)o.MinVideoBitrate, (ulong)o.MaxVideoBitrate);
                if (length > 0) publisher.SendRtcp(report[..length]);
            }
            lock (session.Gate)
            {
                if (session.PublishPeer is { } p && p.Ice.Expired)
                {
                    Log.ConsentExpired(logger, session.LessonId, "publish");
                    if (ClosePublishing(session)) changedLessons.Add(session.LessonId);
                }
                if (session.ReceivePeer is { } r && r.Ice.Expired)
                {
                    Log.ConsentExpired(logger, session.LessonId, "receive");
                    CloseReceiving(session);
                }
            }
        }
        foreach (var lessonId in changedLessons) Announce(lessonId);
    }

    private static IPAddress AnnouncedAddress(MediaOptions o)
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
        if (_socket is { } socket)
        {
            _socket = null;
            await socket.DisposeAsync();
        }
        _sessions.Clear();
        _routers.Clear();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Media relay listening on {Local}, announcing {Announced}")]
        public static partial void Started(ILogger logger, IPEndPoint local, IPEndPoint announced);

        [LoggerMessage(2, LogLevel.Information, "A {Side} transport in lesson {LessonId} stopped answering ICE consent checks and was closed")]
        public static partial void ConsentExpired(ILogger logger, Guid lessonId, string side);
    }
}
