using Classroom.Media.Sfu.Congestion;

namespace Classroom.Media.Transport;

// Paced transports on this loop: a subscriber's pacer that holds packets is drained here after every
// received batch and whenever its next packet falls due, so the loop waits in poll no longer than the
// earliest pacer allows. Only the loop thread touches this list; paced packets join the same outgoing
// sendmmsg batch as forwarded ones.

public sealed partial class MediaSocket
{
    private readonly List<MediaPeer> _paced = new(64);

    /// <summary>A transport's pacer started holding packets: this loop drains it until it is empty. Loop thread only.</summary>
    internal void SchedulePacing(MediaPeer peer, SubscriberLink link)
    {
        if (link.Scheduled) return;
        link.Scheduled = true;
        _paced.Add(peer);
    }

    /// <summary>Sends what the pacers allow now; returns how long the loop may wait (ms) before the next is due.</summary>
    private int DrainPacers()
    {
        if (_paced.Count == 0) return IdleWakeMilliseconds;
        var now = SubscriberLink.NowMicros;
        var next = long.MaxValue;
        for (var i = _paced.Count - 1; i >= 0; i--)
        {
            var peer = _paced[i];
            var link = peer.Link!;
            if (peer.State is PeerState.Closed or PeerState.Failed)
            {
                link.Pacer.Clear(); // gives the queued buffers back
                Unschedule(i, link);
                continue;
            }
            link.Pacer.Drain(now, peer);
            var due = link.Pacer.NextDue(now);
            if (due == long.MaxValue)
            {
                Unschedule(i, link);
                continue;
            }
            next = Math.Min(next, due);
        }
        if (next == long.MaxValue) return IdleWakeMilliseconds;
        return (int)Math.Clamp((next - now + 999) / 1000, 1, IdleWakeMilliseconds);
    }

    private void Unschedule(int index, SubscriberLink link)
    {
        link.Scheduled = false;
        _paced[index] = _paced[^1];
        _paced.RemoveAt(_paced.Count - 1);
    }
}
