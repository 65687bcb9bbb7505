using System.Net;

namespace Classroom.Media.Transport.Tcp;

/// <summary>
/// The ICE-TCP connections bound to one peer (at most <see cref="TcpLimits.MaxPerPeer"/>): one per
/// candidate pair the browser tried. Bound and looked up on the peer's receive loop when a check or
/// DTLS record arrives, closed together when the peer closes.
/// </summary>
internal sealed class TcpPeerLinks
{
    private readonly Lock _gate = new();
    private TcpConnection?[] _links = [];
    private bool _closed;

    /// <summary>Adds <paramref name="connection"/>, replacing a closed one; false when the peer has <paramref name="max"/> open or is closed.</summary>
    public bool TryAdd(TcpConnection connection, int max)
    {
        lock (_gate)
        {
            if (_closed) return false;
            if (_links.Length < max) Array.Resize(ref _links, max);
            for (var i = 0; i < _links.Length; i++)
            {
                if (_links[i] is null || _links[i]!.IsClosed)
                {
                    _links[i] = connection;
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>The open connection whose remote end is <paramref name="remote"/>, if any.</summary>
    public TcpConnection? Find(IPEndPoint? remote)
    {
        if (remote is null) return null;
        lock (_gate)
        {
            foreach (var link in _links)
            {
                if (link is { IsClosed: false } && link.Remote.Equals(remote)) return link;
            }
            return null;
        }
    }

    public void CloseAll()
    {
        TcpConnection?[] links;
        lock (_gate)
        {
            _closed = true;
            links = _links;
            _links = [];
        }
        foreach (var link in links) link?.Close(TcpCloseReason.PeerClosed);
    }
}
