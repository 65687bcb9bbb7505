namespace Classroom.Media.Rooms;

// Last-N, receive preferences and link figures, every tick: each room takes a window of speech
// loudness and reapplies what its receivers get; each receiving page's figures go to the host.

public sealed partial class Relay
{
    /// <summary>A receiver's forwarded video set changed (raised outside the relay's locks): tell that page which tiles are live.</summary>
    public event Action<ForwardedTracks>? ForwardingChanged;

    /// <summary>Every report interval, for each connected receiving page: what the relay measured of its link.</summary>
    public event Action<ReceiverStatistics>? ReceiverStatistics;

    internal void RaiseForwardingChanged(ForwardedTracks tracks) => ForwardingChanged?.Invoke(tracks);

    private void TickForwarding()
    {
        Room[] rooms;
        lock (_control) rooms = [.. _rooms.Values];
        foreach (var room in rooms) room.TickForwarding();
        if (ReceiverStatistics is not { } listeners) return;
        foreach (var session in _sessions.Values)
        {
            if (session.Receiving is not { Peer.State: Transport.PeerState.Connected } receiving) continue;
            var uploaded = session.Publishing?.BytesReceived ?? 0;
            // The hook for the per-subscriber estimator: it fills EstimateKbps, LossPercent and RttMs here.
            listeners(new ReceiverStatistics(session.Room.Id, session.Id, session.ParticipantId, receiving.Peer.RtpBytesSent, uploaded));
        }
    }
}
