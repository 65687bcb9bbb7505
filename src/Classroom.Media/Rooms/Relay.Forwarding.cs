namespace Classroom.Media.Rooms;

// Last-N, receive preferences and link figures, every tick: each room takes a window of speech
// loudness and reapplies what its receivers get; each receiving page's figures go to the host.

public sealed partial class Relay
{
    /// <summary>A receiver's forwarded video set changed (raised outside the relay's locks): tell that page which tiles are live.</summary>
    public event Action<ForwardedTracks>? ForwardingChanged;

    /// <summary>Every report interval, for each connected receiving page: what the relay measured of its link.</summary>
    public event Action<ReceiverStatistics>? ReceiverStatistics;

    /// <summary>The origin of the collapse watches' clock.</summary>
    private readonly long _startedAt = time.GetTimestamp();

    internal void RaiseForwardingChanged(ForwardedTracks tracks) => ForwardingChanged?.Invoke(tracks);

    private void TickForwarding()
    {
        Room[] rooms;
        lock (_control) rooms = [.. _rooms.Values];
        foreach (var room in rooms) room.TickForwarding();
        var now = Time.GetElapsedTime(_startedAt);
        foreach (var session in _sessions.Values)
        {
            if (session.Receiving is not { Peer.State: Transport.PeerState.Connected } receiving) continue;
            var uploaded = session.Publishing?.BytesReceived ?? 0;
            var link = receiving.Subscription.Link.Snapshot;
            if (link.Feedbacks == 0)
            {
                ReceiverStatistics?.Invoke(new ReceiverStatistics(session.Room.Id, session.Id, session.ParticipantId, receiving.Peer.RtpBytesSent, uploaded));
                continue;
            }
            // The subscriber's own feedback: its downlink as the relay's estimator sees it.
            var collapsed = session.CollapseWatch.Update(now, link.EstimateBps, link.LossFraction);
            if (collapsed != session.LinkCollapsed)
            {
                // Video is tried again from a fresh start rate: audio alone taught the estimate nothing.
                if (!collapsed) receiving.Subscription.Link.RestartEstimate();
                session.Room.SetLinkCollapsed(session.Id, collapsed);
            }
            ReceiverStatistics?.Invoke(new ReceiverStatistics(session.Room.Id, session.Id, session.ParticipantId, receiving.Peer.RtpBytesSent, uploaded,
                (int)(link.EstimateBps / 1000), Math.Round(link.LossFraction * 100, 1), (int)link.RoundTripMilliseconds));
        }
    }
}
