using Classroom.Media.Ice;
using Classroom.Media.Stun;
using Classroom.Media.Transport.Tcp;

namespace Classroom.Media.Transport;

/// <summary>
/// ICE-TCP on the receive loop. Frames that <see cref="TcpConnection"/> readers cut from the stream
/// are posted to this socket's inbox and handled here, on the loop thread, exactly like datagrams:
/// STUN by the peer's ICE agent, DTLS by its handshake, SRTP decrypted and routed, so a room's
/// packets still meet on one thread without locks. What a TCP peer is sent is framed into its
/// connection's bounded queue instead of the UDP batch (MediaSocket.Send.cs).
/// </summary>
public sealed partial class MediaSocket
{
    /// <summary>How often a loop without an eventfd (not Linux) looks at its inbox once TCP frames came to it.</summary>
    private const int TcpPollMilliseconds = 5;

    private readonly LoopWake? _wake;
    private readonly byte[] _tcpSealBuffer = new byte[1600];
    private TcpInbox? _tcpInbox;
    private volatile bool _tcpUsed;

    private static LoopWake? CreateWake(Udp.UdpBatchIo io)
    {
        var wake = io.CanWake ? LoopWake.TryCreate() : null;
        if (wake is not null) io.WakeHandle = wake.Handle;
        return wake;
    }

    /// <summary>The receive loop's idle wait: its eventfd wakes it for TCP frames where there is one.</summary>
    private int IdleWait => _tcpUsed && _wake is null ? TcpPollMilliseconds : IdleWakeMilliseconds;

    /// <summary>True when a transport on this socket has <paramref name="ufrag"/> as its local ICE ufrag.</summary>
    internal bool OwnsUfrag(ReadOnlySpan<char> ufrag) => _byUfragSpan.ContainsKey(ufrag);

    /// <summary>
    /// From a connection's reader: one frame for this loop (copied). False when the inbox is full: the
    /// reader waits and tries again, reading nothing meanwhile, so TCP's own flow control slows the
    /// sender instead of the relay dropping what TCP already delivered.
    /// </summary>
    internal bool TryPostTcp(TcpConnection from, ReadOnlySpan<byte> frame)
    {
        var inbox = _tcpInbox ?? Interlocked.CompareExchange(ref _tcpInbox, new TcpInbox(), null) ?? _tcpInbox;
        if (!inbox.TryPost(from, frame, out var wasEmpty))
        {
            _wake?.Signal(); // the loop may be asleep with a full inbox if a wake-up was lost to a race
            return false;
        }
        _tcpUsed = true;
        if (wasEmpty) _wake?.Signal();
        return true;
    }

    /// <summary>On the loop: handles every frame posted since the last call; returns how many.</summary>
    private int DrainTcp()
    {
        if (_tcpInbox is not { } inbox) return 0;
        var batch = inbox.Take();
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                DispatchTcp(batch.From(i), batch.Frame(i));
            }
            catch (ObjectDisposedException)
            {
                Drop(DropReason.PeerClosed);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // As in ReceiveLoop: a bug costs one packet, never the loop.
                Interlocked.Increment(ref _faults);
                LastFault = e;
            }
        }
        return batch.Count;
    }

    private void DispatchTcp(TcpConnection connection, Span<byte> frame)
    {
        if (connection.IsClosed)
        {
            Drop(DropReason.PeerClosed);
            return;
        }
        var peer = connection.Peer;
        var kind = PacketClass.Of(frame);
        if (kind == PacketKind.Stun)
        {
            OnTcpStun(connection, peer, frame);
            return;
        }
        if (peer is null)
        {
            // Nothing but STUN before a valid check bound the connection (RFC 6544 §10: it proves the
            // other end knows the transport's password before anything else reaches the relay).
            Drop(DropReason.UnknownSource);
            connection.Close(TcpCloseReason.NotStunFirst);
            return;
        }
        var validated = peer.Tcp == connection || peer.Ice.IsValidated(connection.Remote);
        switch (kind)
        {
            case PacketKind.Dtls when validated:
                if (!peer.ControlBudget.TryTake(_time))
                {
                    Drop(DropReason.ControlFlood);
                    break;
                }
                if (peer.State != PeerState.Connected && peer.Tcp != connection && peer.Ice.Promote(connection.Remote)) SyncRemote(peer);
                peer.OnDtls(frame, connection.Remote);
                break;
            case PacketKind.Rtp when validated && peer.State == PeerState.Connected:
                OnSrtp(peer, frame, connection.RemoteAddress);
                break;
            case PacketKind.Dtls or PacketKind.Rtp:
                Drop(DropReason.UnknownSource);
                break;
            default:
                Drop(DropReason.NotMedia);
                break;
        }
    }

    /// <summary>
    /// A check over TCP. An unbound connection is bound to the transport its first valid check names;
    /// a bound one speaks only for that transport. A refused check leaves an unbound connection
    /// waiting (the browser's answer may not have reached the relay yet) until the listener's deadline.
    /// </summary>
    private void OnTcpStun(TcpConnection connection, MediaPeer? bound, ReadOnlySpan<byte> frame)
    {
        if (!StunMessage.TryParse(frame, out var message, out _) || message.UsernameLength == 0
            || !TryFindByUsername(message.Username(frame), out var peer) || (bound is not null && bound != peer))
        {
            Drop(DropReason.StunRefused);
            if (bound is null) connection.Close(TcpCloseReason.NotStunFirst);
            return;
        }
        if (!peer.ControlBudget.TryTake(_time))
        {
            Drop(DropReason.ControlFlood);
            return;
        }
        if (peer.Ice.Handle(frame, connection.Remote, _stunResponse, out var length) != IceVerdict.Respond)
        {
            Drop(DropReason.StunRefused);
            return;
        }
        if (bound is null)
        {
            if (!peer.TcpLinks.TryAdd(connection, Limits.Tcp.MaxPerPeer))
            {
                connection.Close(TcpCloseReason.PeerClosed);
                return;
            }
            connection.Bind(peer);
        }
        connection.TrySend(_stunResponse.AsSpan(0, length));
        // The browser nominated this connection's pair (or it already carries media): send there.
        if (peer.Ice.IsSelected(connection.Remote) && peer.Tcp != connection) SyncRemote(peer);
    }

    private bool TryFindByUsername(ReadOnlySpan<byte> username, out MediaPeer peer)
    {
        peer = null!;
        var colon = username.IndexOf((byte)':');
        Span<char> ufrag = stackalloc char[256];
        return colon > 0 && colon <= ufrag.Length && System.Text.Encoding.ASCII.GetChars(username[..colon], ufrag) == colon
            && _byUfragSpan.TryGetValue(ufrag[..colon], out peer!);
    }

    /// <summary>Encrypts one packet for a peer whose selected pair is an ICE-TCP connection and queues it there, framed.</summary>
    private bool SendSrtpOverTcp(MediaPeer peer, Srtp.SrtpContext srtp, TcpConnection connection, ReadOnlySpan<byte> packet, bool rtcp,
        byte extensionId = 0, ushort transportSequence = 0)
    {
        var onLoop = OnLoop;
        var buffer = onLoop ? _tcpSealBuffer : peer.ControlBuffer;
        lock (peer.SendLock)
        {
            var plain = packet.Length;
            if (extensionId == 0) packet.CopyTo(buffer);
            else plain = Rtp.TransportSequenceNumber.CopyStamped(packet, buffer, extensionId, transportSequence, out _);
            if (peer.State != PeerState.Connected || plain == 0) return false;
            var sealedOk = rtcp ? srtp.TryProtectRtcp(buffer, plain, out var length) : srtp.TryProtect(buffer, plain, out length);
            if (!sealedOk) return false;
            if (!rtcp)
            {
                Interlocked.Increment(ref _rtpSent);
                if (!onLoop) Interlocked.Increment(ref _rtpSentOffLoop);
            }
            if (connection.TrySend(buffer.AsSpan(0, length))) return true;
            // A closed connection is the browser gone (consent will expire); only a full queue is a drop to count.
            if (!connection.IsClosed) Drop(DropReason.TcpQueueFull);
            return false;
        }
    }

    /// <summary>A datagram for the peer from its handshake thread or the cookie exchange: over TCP when that is the pair in use.</summary>
    private bool TrySendRawOverTcp(MediaPeer peer, ReadOnlySpan<byte> datagram, System.Net.IPEndPoint? to)
    {
        var connection = to is null ? peer.Tcp : peer.TcpLinks.Find(to);
        if (connection is null) return false;
        if (!connection.TrySend(datagram) && !connection.IsClosed) Drop(DropReason.TcpQueueFull);
        return true;
    }
}
