using System.Collections.Concurrent;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using Classroom.Core.Errors;
using Classroom.Core.Participants;
using Classroom.Media.Dtls;
using Classroom.Media.Sdp;
using Classroom.Media.Sfu;
using Classroom.Media.Transport;
using Classroom.Server.Moderation;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Media;

/// <summary>
/// The media relay inside the server: one UDP socket, one router per lesson, one transport per
/// publishing connection. Signalling arrives through the hub; the lesson's permission model decides
/// per packet what is forwarded (<see cref="MediaPolicy"/>).
/// </summary>
public sealed class MediaRelay(IOptions<MediaOptions> options, MediaPolicy policy, TimeProvider time) : IHostedService, IAsyncDisposable
{
    private sealed record PeerOwner(Guid LessonId, string ParticipantId, string ConnectionId, Router Router);

    private readonly ConcurrentDictionary<Guid, Router> _routers = new();
    private readonly ConcurrentDictionary<MediaPeer, PeerOwner> _owners = new();
    private readonly ConcurrentDictionary<string, MediaPeer> _byConnection = new(StringComparer.Ordinal);
    private DtlsCertificate? _certificate;
    private MediaSocket? _socket;
    private IPEndPoint? _announced;

    public IPEndPoint? LocalEndPoint => _socket?.LocalEndPoint;
    public int PeerCount => _owners.Count;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.Enabled) return Task.CompletedTask;
        _certificate = DtlsCertificate.CreateSelfSigned();
        _socket = new MediaSocket(new IPEndPoint(IPAddress.Parse(o.BindAddress), o.UdpPort), _certificate, time);
        _socket.RtpReceived = OnRtp;
        _socket.Start();
        _announced = new IPEndPoint(AnnouncedAddress(o), _socket.LocalEndPoint.Port);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();

    /// <summary>Answers a publisher's offer and starts their transport; producers are registered from the offer's SSRCs.</summary>
    public string AnswerPublisher(Guid lessonId, string participantId, string connectionId, string offerText)
    {
        if (_socket is null || _certificate is null || _announced is null) throw new ClassroomException(ErrorCodes.MediaDisabled, "Media is switched off on this server.");
        if (!SessionDescription.TryParse(offerText, out var offer, out var error)) throw new ClassroomException(ErrorCodes.MediaBadOffer, $"The offer is not valid SDP: {error}");
        var first = offer.Media.FirstOrDefault() ?? throw new ClassroomException(ErrorCodes.MediaBadOffer, "The offer has no media.");
        var ufrag = first.IceUfrag ?? offer.Attributes.FirstOrDefault(a => a.Name == "ice-ufrag")?.Value;
        var fingerprint = first.Fingerprint ?? offer.Attributes.FirstOrDefault(a => a.Name == "fingerprint")?.Value;
        if (string.IsNullOrEmpty(ufrag) || !DtlsCertificate.TryParseSdpFingerprint(fingerprint, out var hash))
            throw new ClassroomException(ErrorCodes.MediaBadOffer, "The offer lacks ICE credentials or a sha-256 fingerprint.");
        if (offer.Media.Count > 8) throw new ClassroomException(ErrorCodes.MediaBadOffer, "Too many media sections.");

        RemoveConnection(connectionId);
        var router = _routers.GetOrAdd(lessonId, id => new Router(id, policy, SendToSubscriber));
        var peer = _socket.AddPeer(ufrag, hash);
        _owners[peer] = new PeerOwner(lessonId, participantId, connectionId, router);
        _byConnection[connectionId] = peer;
        foreach (var m in offer.Media.Where(m => m.Direction is "sendonly" or "sendrecv"))
        {
            var kind = m.Kind == "audio" ? MediaKind.Audio : MediaKind.Video;
            foreach (var ssrc in m.Ssrcs.Take(4)) router.Publish(participantId, kind, ssrc);
        }
        var answer = AnswerBuilder.Answer(offer, new RelayEndpoint(peer.Ice.Local.Ufrag, peer.Ice.Local.Password, _certificate.Fingerprint, _announced),
            BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 1);
        return answer.ToString();
    }

    /// <summary>A participant left or was removed: their transport and tracks end at once.</summary>
    public void RemoveParticipant(Guid lessonId, string participantId)
    {
        foreach (var (peer, owner) in _owners.Where(kv => kv.Value.LessonId == lessonId && kv.Value.ParticipantId == participantId).ToList())
            Remove(peer, owner);
    }

    public void RemoveConnection(string connectionId)
    {
        if (_byConnection.TryGetValue(connectionId, out var peer) && _owners.TryGetValue(peer, out var owner)) Remove(peer, owner);
    }

    private void Remove(MediaPeer peer, PeerOwner owner)
    {
        if (!_owners.TryRemove(peer, out _)) return;
        _byConnection.TryRemove(new KeyValuePair<string, MediaPeer>(owner.ConnectionId, peer));
        owner.Router.RemoveParticipant(owner.ParticipantId, peer);
        _socket?.RemovePeer(peer);
    }

    private void OnRtp(MediaPeer peer, Span<byte> packet)
    {
        if (_owners.TryGetValue(peer, out var owner)) owner.Router.OnRtp(packet);
    }

    private bool SendToSubscriber(object subscriber, ReadOnlySpan<byte> packet) =>
        subscriber is MediaPeer peer && _socket is { } socket && socket.SendRtp(peer, packet);

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
        if (_socket is { } socket)
        {
            _socket = null;
            await socket.DisposeAsync();
        }
        _owners.Clear();
        _byConnection.Clear();
    }
}
