using Classroom.Media.Sfu;
using Classroom.Media.Transport;

namespace Classroom.Media.Rooms;

/// <summary>
/// One lesson's media: its router and grants, and the sessions of the pages in it. A session (the
/// host names it, e.g. by hub connection) has a publishing transport (<see cref="Publish"/>, the
/// browser offers) and a receiving one (<see cref="Subscribe"/> then <see cref="AcceptAnswer"/>, the
/// relay offers). Control requests throw <see cref="MediaControlException"/>; packets never reach here.
/// </summary>
public sealed partial class Room
{
    private readonly Relay _relay;

    internal Room(Relay relay, Guid id)
    {
        _relay = relay;
        Id = id;
        Router = new Router(id, relay.Time);
    }

    public Guid Id { get; }

    internal Router Router { get; }

    /// <summary>
    /// The receive loop every transport of this room lives on (the relay assigns it when the room is
    /// opened; null while media is off). Set under the relay's control lock, before any transport exists.
    /// </summary>
    internal MediaLoop? Loop { get; set; }

    /// <summary>The socket of <see cref="Loop"/>, or null when media is off or the relay stopped.</summary>
    private MediaSocket? Socket => Loop is { } loop && _relay.Loops.Contains(loop) ? loop.Socket : null;

    /// <summary>Who may send what now; <see cref="Relay.SetGrants"/> replaces it.</summary>
    public MediaGrants Grants
    {
        get => Router.Grants;
        internal set => Router.Grants = value;
    }

    /// <summary>The tracks published in the room now, for announcements and late joiners.</summary>
    public IReadOnlyList<TrackInfo> Tracks =>
        Router.Producers.Where(p => !p.Closed)
            .Select(p => new TrackInfo(p.TrackId, p.ParticipantId, p.Kind, p.Mid, p.Ssrc, p.Codec.PayloadType, p.ConsumerCount))
            .ToList();

    /// <summary>RTP packets sent to receivers.</summary>
    public long Forwarded => Router.Forwarded;

    /// <summary>RTP packets dropped because the grant snapshot did not allow their kind from their sender.</summary>
    public long DroppedByGrant => Router.DroppedByPolicy;

    /// <summary>Padding packets sent to probe receivers' links for a higher layer.</summary>
    public long ProbesSent => Router.ProbesSent;

    /// <summary>Packets resent from the relay's cache to answer receivers' NACKs.</summary>
    public long Retransmitted => Router.Retransmitted;

    /// <summary>A participant left or was removed: the transports of all their sessions in this room end at once.</summary>
    public void CloseParticipant(string participantId)
    {
        foreach (var session in _relay.SessionsOf(this).Where(s => s.ParticipantId == participantId).ToList())
            _relay.CloseSession(session.Id);
    }

    /// <summary>Closes both transports of a session (the relay removed it from its index). Returns what closed.</summary>
    internal (bool Publishing, bool Receiving, bool TracksChanged) Close(Session session)
    {
        lock (session.Gate)
        {
            session.Closed = true;
            var publishing = session.Publishing is not null;
            var receiving = session.Receiving is not null;
            var changed = ClosePublishing(session);
            CloseReceiving(session);
            return (publishing, receiving, changed);
        }
    }

    /// <summary>Caller holds the session's gate. Returns true when tracks ended.</summary>
    internal bool ClosePublishing(Session session)
    {
        if (session.Publishing is not { } publishing) return false;
        session.Publishing = null;
        var changed = false;
        foreach (var producer in publishing.Publication.Producers)
        {
            Router.Remove(producer);
            changed = true;
        }
        publishing.Peer.Socket.RemovePeer(publishing.Peer);
        return changed;
    }

    /// <summary>Caller holds the session's gate.</summary>
    internal void CloseReceiving(Session session)
    {
        if (session.Receiving is not { } receiving) return;
        session.Receiving = null;
        Router.RemoveSubscriber(receiving.Peer);
        receiving.Peer.Socket.RemovePeer(receiving.Peer);
    }

    /// <summary>A new transport for <paramref name="participantId"/>, within the caps on transports still connecting.</summary>
    private MediaPeer AddPeer(MediaSocket socket, string participantId, string? remoteUfrag = null, byte[]? remoteFingerprint = null)
    {
        try
        {
            return socket.AddPeer(remoteUfrag, remoteFingerprint, new TransportOwner(Id, participantId));
        }
        catch (TransportLimitException e)
        {
            throw new MediaControlException(MediaControlError.ConnectingLimit, e.Message);
        }
    }
}
