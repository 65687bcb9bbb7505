using Classroom.Media.Sfu;
using Classroom.Media.Transport;

namespace Classroom.Media.Rooms;

// The relay's own clock work, every ReportInterval on its TimeProvider: receiver reports and REMB to
// publishers (RFC 3550 §6.4.2, draft-alvestrand-rmcat-remb), and consent freshness (RFC 7675):
// a transport whose browser stopped answering is closed.

public sealed partial class Relay
{
    private void Tick()
    {
        Span<byte> report = stackalloc byte[1200];
        foreach (var session in _sessions.Values)
        {
            if (session.Publishing is { Peer.State: PeerState.Connected } live)
            {
                var length = Router.WritePublisherReport(live.Publication, report, (ulong)options.MinVideoBitrate, (ulong)options.MaxVideoBitrate);
                if (length > 0) live.Peer.SendRtcp(report[..length]);
            }
            bool publishing = false, receiving = false, changed = false;
            lock (session.Gate)
            {
                if (session.Publishing is { } p && p.Peer.Ice.Expired)
                {
                    publishing = true;
                    changed = session.Room.ClosePublishing(session);
                }
                if (session.Receiving is { } r && r.Peer.Ice.Expired)
                {
                    receiving = true;
                    session.Room.CloseReceiving(session);
                }
            }
            if (publishing || receiving) Report(session, publishing, receiving, TransportGoneReason.ConsentExpired, changed);
        }
    }
}
