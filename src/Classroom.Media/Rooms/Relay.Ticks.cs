using Classroom.Media.Rtcp;
using Classroom.Media.Sfu;
using Classroom.Media.Transport;

namespace Classroom.Media.Rooms;

// The relay's own clock work, every ReportInterval on its TimeProvider: receiver reports and REMB to
// publishers (RFC 3550 §6.4.2, draft-alvestrand-rmcat-remb), and consent freshness (RFC 7675):
// a transport whose browser stopped answering is closed.

public sealed partial class Relay
{
    /// <summary>Every report interval, for each connected publisher: how its tracks arrive (loss, jitter).</summary>
    public event Action<LinkStatistics>? LinkStatistics;

    private void Tick()
    {
        TickForwarding();
        Span<byte> report = stackalloc byte[1200];
        foreach (var session in _sessions.Values)
        {
            if (session.Publishing is { Peer.State: PeerState.Connected } live)
            {
                var length = Router.WritePublisherReport(live.Publication, report, (ulong)options.MinVideoBitrate, (ulong)options.MaxVideoBitrate);
                if (length > 0)
                {
                    live.Peer.SendRtcp(report[..length]);
                    if (LinkStatistics is { } listeners) listeners(StatisticsOf(session, live.Publication, report[..length]));
                }
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

    /// <summary>The receiver report just sent to a publisher, read back per track for the host.</summary>
    private static LinkStatistics StatisticsOf(Session session, Publication publication, ReadOnlySpan<byte> compound)
    {
        var tracks = new List<TrackStatistics>();
        var reader = new RtcpReader(compound);
        if (reader.TryRead(out var header, out var packet) && header.PacketType == RtcpPacketType.ReceiverReport && ReceiverReport.TryParse(packet, out var rr))
        {
            for (var i = 0; i < rr.Reports.Count; i++)
            {
                var block = rr.Reports[i];
                if (publication.Producers.FirstOrDefault(p => p.Ssrc == block.Ssrc) is { } producer)
                    tracks.Add(new TrackStatistics(producer.TrackId, producer.Kind, block.FractionLost, block.CumulativeLost, block.Jitter));
            }
        }
        return new LinkStatistics(session.Room.Id, session.Id, session.ParticipantId, tracks);
    }
}
