using Classroom.Media.Sfu;
using Classroom.Media.Transport;

namespace Classroom.Media.Rooms;

/// <summary>
/// The media of one participant's page in a room (the host names it, e.g. by its hub connection):
/// a publishing and a receiving transport, and its negotiation limits. Changed under
/// <see cref="Gate"/>; the packet path reaches the transports through their peers' owners, never through a lookup.
/// </summary>
internal sealed partial class Session(Room room, string id, string participantId, RelayOptions options)
{
    public Room Room { get; } = room;
    public string Id { get; } = id;
    public string ParticipantId { get; } = participantId;
    public Lock Gate { get; } = new();

    /// <summary>Set (under the gate) once the session was closed: nothing may be opened in it any more.</summary>
    public bool Closed { get; set; }

    /// <summary>The highest simulcast layer this session receives of cameras it starts receiving (Room.SetPreferredLayer).</summary>
    public int PreferredLayer { get; set; } = Producer.MaxLayers - 1;

    public PublishingTransport? Publishing { get; set; }
    public ReceivingTransport? Receiving { get; set; }

    public NegotiationLimit Renegotiations { get; } = new(options.RenegotiationsPerMinute, TimeSpan.FromMinutes(1));
    public NegotiationLimit IceRestarts { get; } = new(options.IceRestartsPerMinute, TimeSpan.FromMinutes(1));
}

/// <summary>A session's publishing transport: the browser offers, the relay answers; its packets feed the room's router.</summary>
internal sealed class PublishingTransport(Router router, MediaPeer peer, Publication publication, string remoteUfrag, ulong sdpSessionId) : IPeerOwner
{
    public MediaPeer Peer { get; } = peer;
    public Publication Publication { get; } = publication;
    public string RemoteUfrag { get; set; } = remoteUfrag;
    public byte[] Fingerprint { get; set; } = [];
    public ulong SdpSessionId { get; } = sdpSessionId;

    public void OnRtp(Span<byte> packet)
    {
        // Receive loop only: one writer, read by the tick.
        Volatile.Write(ref _bytesReceived, _bytesReceived + packet.Length);
        router.OnRtp(Publication, packet);
    }

    private long _bytesReceived;

    /// <summary>Bytes of RTP the page sent the relay so far (its upload).</summary>
    public long BytesReceived => Volatile.Read(ref _bytesReceived);

    public void OnRtcp(Span<byte> packet) => router.OnPublisherRtcp(Publication, packet);
}

/// <summary>A session's receiving transport: the relay offers, the browser answers; its RTCP (PLI, NACK, REMB) reaches the router.</summary>
internal sealed class ReceivingTransport(Router router, MediaPeer peer, Subscription subscription, ulong sdpSessionId) : IPeerOwner
{
    public MediaPeer Peer { get; } = peer;
    public Subscription Subscription { get; } = subscription;
    public byte[]? Fingerprint { get; set; }
    public ulong SdpSessionId { get; } = sdpSessionId;

    /// <summary>A receiver sends no media the relay uses.</summary>
    public void OnRtp(Span<byte> packet)
    {
    }

    public void OnRtcp(Span<byte> packet) => router.OnSubscriberRtcp(Subscription, packet);

    /// <summary>DTLS finished: ask every publisher it receives for a key frame, so video starts now.</summary>
    public void OnConnected()
    {
        foreach (var consumer in Subscription.Consumers) router.RequestKeyframe(consumer.Producer);
    }
}
