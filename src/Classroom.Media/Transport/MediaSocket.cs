using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Classroom.Media.Dtls;
using Classroom.Media.Ice;
using Classroom.Media.Stun;
using Classroom.Media.Transport.Udp;

namespace Classroom.Media.Transport;

/// <summary>Called on the receive loop with a decrypted RTP or RTCP packet (the buffer is reused after return).</summary>
public delegate void RtpHandler(MediaPeer peer, Span<byte> packet);

/// <summary>
/// The one UDP socket all peers share (RFC 7983 demux). STUN finds its peer by the local ufrag in
/// USERNAME; DTLS and SRTP find it by the source address ICE validated, and anything else is
/// dropped and counted, never latched onto. One receive thread takes whole batches from the kernel
/// (recvmmsg where the platform has it), decrypts, and the handler forwards from it: what the
/// forwarding of one batch sends is encrypted straight into an outgoing batch and leaves in one
/// system call (sendmmsg). Nothing on that path allocates; peers are found by <see cref="UdpAddress"/>.
/// </summary>
public sealed class MediaSocket : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly DtlsCertificate _certificate;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, MediaPeer> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MediaPeer>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly ConcurrentDictionary<UdpAddress, MediaPeer> _byAddress = new();
    private readonly UdpBatchIo _io;
    private readonly DatagramBatch _inbound = new(ReceiveBatch);
    private readonly DatagramBatch _outbound = new(SendBatch);
    private readonly byte[] _stunResponse = new byte[StunWriter.MaxBindingSuccessLength];
    private Thread? _loop;
    private volatile int _loopThreadId = -1;
    private volatile bool _stopping;
    private long _dropped;
    private long _faults;

    /// <summary>Datagrams taken from the kernel per call: a key frame to a class, without starving the rest.</summary>
    private const int ReceiveBatch = 32;

    /// <summary>Datagrams sent per call: one received packet fanned out to a class of 30 and then some.</summary>
    private const int SendBatch = 128;

    /// <summary>How often the receive thread looks up from an idle socket to notice it should stop.</summary>
    private const int IdleWakeMilliseconds = 250;

    public MediaSocket(IPEndPoint bind, DtlsCertificate certificate, TimeProvider time)
    {
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
        {
            // One socket carries every peer: a class's worth of video arriving while the loop is busy
            // (a GC, a key frame burst) must wait in the kernel, not be dropped there. The kernel caps
            // these at net.core.rmem_max / wmem_max.
            ReceiveBufferSize = SocketBufferBytes,
            SendBufferSize = SocketBufferBytes,
        };
        _socket.Bind(bind);
        _io = UdpBatchIo.Create(_socket, SendBatch);
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
        _certificate = certificate;
        _time = time;
    }

    /// <summary>"recvmmsg/sendmmsg" or "portable": how datagrams move (said once in the relay's start-up log).</summary>
    public string BatchingKind => _io.Kind;

    public const int SocketBufferBytes = 4 * 1024 * 1024;

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Packets the receive loop dropped because handling them threw: a bug, never expected.</summary>
    public long Faults => Interlocked.Read(ref _faults);

    public Exception? LastFault { get; private set; }
    public int PeerCount => _byUfrag.Count;

    /// <summary>Validated remote addresses still routed to a peer (a leak shows here).</summary>
    public int AddressCount => _byAddress.Count;
    public RtpHandler? RtpReceived { get; set; }
    public RtpHandler? RtcpReceived { get; set; }
    public IEnumerable<MediaPeer> Peers => _byUfrag.Values;

    public void Start()
    {
        if (_loop is not null) return;
        // A thread of its own: the loop blocks in poll/recvmmsg and must not hold a pool thread the
        // hub and the DTLS handshakes need.
        _loop = new Thread(ReceiveLoop) { IsBackground = true, Name = "media-receive" };
        _loop.Start();
    }

    /// <summary>
    /// A peer for a browser whose SDP gave <paramref name="remoteUfrag"/> and this certificate
    /// fingerprint; both null when the relay offers first and learns them from the answer.
    /// </summary>
    public MediaPeer AddPeer(string? remoteUfrag = null, byte[]? remoteFingerprint = null)
    {
        var peer = new MediaPeer(this, remoteUfrag, remoteFingerprint, _certificate, _time);
        _byUfrag[peer.Ice.Local.Ufrag] = peer;
        return peer;
    }

    public void RemovePeer(MediaPeer peer)
    {
        _byUfrag.TryRemove(new KeyValuePair<string, MediaPeer>(peer.Ice.Local.Ufrag, peer));
        foreach (var (address, owner) in _byAddress)
        {
            if (owner == peer) _byAddress.TryRemove(new KeyValuePair<UdpAddress, MediaPeer>(address, peer));
        }
        peer.Dispose();
    }

    /// <summary>ICE restart: the peer gets new local credentials and answers checks for <paramref name="remoteUfrag"/>.</summary>
    public void RestartIce(MediaPeer peer, string remoteUfrag)
    {
        _byUfrag.TryRemove(new KeyValuePair<string, MediaPeer>(peer.Ice.Local.Ufrag, peer));
        peer.RestartIce(remoteUfrag);
        _byUfrag[peer.Ice.Local.Ufrag] = peer;
    }

    /// <summary>
    /// Encrypts and sends one RTP packet to a connected peer. On the receive thread (forwarding) it
    /// goes into the outgoing batch, encrypted in place; elsewhere straight to the socket.
    /// </summary>
    public bool SendRtp(MediaPeer peer, ReadOnlySpan<byte> rtp)
    {
        if (peer.State != PeerState.Connected || peer.Outbound is not { } srtp || !peer.RemoteAddress.IsSpecified) return false;
        if (rtp.Length + srtp.RtpOverhead > DatagramBatch.SlotSize) return false;
        if (!OnLoop) return SendOffLoop(peer, rtp, rtcp: false);
        if (_outbound.IsFull) _io.Send(_outbound);
        var slot = _outbound.Reserve();
        lock (peer.SendLock)
        {
            rtp.CopyTo(slot);
            if (peer.State != PeerState.Connected || !srtp.TryProtect(slot, rtp.Length, out var length)) return false;
            return _outbound.Commit(length, peer.RemoteAddress, _socket.AddressFamily);
        }
    }

    /// <summary>Encrypts and sends one compound RTCP packet to a connected peer, from any thread.</summary>
    public bool SendRtcp(MediaPeer peer, ReadOnlySpan<byte> rtcp)
    {
        if (peer.State != PeerState.Connected || peer.Outbound is not { } srtp || !peer.RemoteAddress.IsSpecified) return false;
        if (rtcp.Length + srtp.RtcpOverhead > DatagramBatch.SlotSize) return false;
        if (!OnLoop) return SendOffLoop(peer, rtcp, rtcp: true);
        if (_outbound.IsFull) _io.Send(_outbound);
        var slot = _outbound.Reserve();
        lock (peer.SendLock)
        {
            rtcp.CopyTo(slot);
            if (peer.State != PeerState.Connected || !srtp.TryProtectRtcp(slot, rtcp.Length, out var length)) return false;
            return _outbound.Commit(length, peer.RemoteAddress, _socket.AddressFamily);
        }
    }

    internal void SendRaw(MediaPeer peer, ReadOnlySpan<byte> datagram)
    {
        if (peer.Remote is { } remote) Send(datagram, remote);
    }

    private bool OnLoop => Environment.CurrentManagedThreadId == _loopThreadId;

    /// <summary>Timers, handshakes and the host send from their own threads: one datagram, the peer's own buffer.</summary>
    private bool SendOffLoop(MediaPeer peer, ReadOnlySpan<byte> packet, bool rtcp)
    {
        var buffer = peer.ControlBuffer;
        var srtp = peer.Outbound!;
        if (packet.Length + (rtcp ? srtp.RtcpOverhead : srtp.RtpOverhead) > buffer.Length) return false;
        lock (peer.SendLock)
        {
            packet.CopyTo(buffer);
            if (peer.State != PeerState.Connected || peer.Remote is not { } remote) return false;
            int length;
            var protectedOk = rtcp ? srtp.TryProtectRtcp(buffer, packet.Length, out length) : srtp.TryProtect(buffer, packet.Length, out length);
            return protectedOk && Send(buffer.AsSpan(0, length), remote);
        }
    }

    private bool Send(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, remote);
            return true;
        }
        catch (SocketException)
        {
            return false; // a full send buffer or a vanished route: this packet is lost, like on the wire
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private void ReceiveLoop()
    {
        _loopThreadId = Environment.CurrentManagedThreadId;
        while (!_stopping)
        {
            var count = _io.Receive(_inbound, IdleWakeMilliseconds);
            for (var i = 0; i < count; i++)
            {
                if (!_inbound.TryGetAddress(i, out var source))
                {
                    Interlocked.Increment(ref _dropped);
                    continue;
                }
                try
                {
                    Dispatch(_inbound.Payload(i), source);
                }
                catch (ObjectDisposedException)
                {
                    // A peer closed while its packet was in flight (its keys are gone): drop it.
                    Interlocked.Increment(ref _dropped);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A bug on the packet path must cost one packet, not the thread every class's media
                    // runs on (an exception leaving a thread ends the process). Counted and kept for the host to log.
                    Interlocked.Increment(ref _faults);
                    LastFault = e;
                }
            }
            if (_outbound.Count > 0) _io.Send(_outbound);
        }
    }

    private void Dispatch(Span<byte> datagram, UdpAddress source)
    {
        switch (PacketClass.Of(datagram))
        {
            case PacketKind.Stun:
                OnStun(datagram, source);
                break;
            case PacketKind.Dtls when _byAddress.TryGetValue(source, out var peer):
                peer.OnDtls(datagram);
                break;
            case PacketKind.Rtp when _byAddress.TryGetValue(source, out var peer) && peer.State == PeerState.Connected:
                OnSrtp(peer, datagram);
                break;
            default:
                Interlocked.Increment(ref _dropped);
                break;
        }
    }

    private void OnStun(ReadOnlySpan<byte> datagram, UdpAddress source)
    {
        if (!StunMessage.TryParse(datagram, out var message, out _) || message.UsernameLength == 0)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        var username = message.Username(datagram);
        var colon = username.IndexOf((byte)':');
        // ICE ufrags are 4-256 ice-chars (RFC 8839 §5.4): ASCII, so one byte is one char.
        Span<char> ufrag = stackalloc char[256];
        if (colon <= 0 || colon > ufrag.Length || Encoding.ASCII.GetChars(username[..colon], ufrag) != colon
            || !_byUfragSpan.TryGetValue(ufrag[..colon], out var peer))
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        // A check is a few per second per peer: the endpoint object ICE keeps is made here, not per media packet.
        var from = source.ToEndPoint();
        if (peer.Ice.Handle(datagram, from, _stunResponse, out var length) != IceVerdict.Respond)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        if (peer.Ice.Selected is { } selected && UdpAddress.From(selected) is var nominated
            && (!_byAddress.TryGetValue(nominated, out var current) || current != peer))
        {
            // A new nominated address (first check, or ICE restart): the old one stops carrying media.
            foreach (var (address, owner) in _byAddress)
            {
                if (owner == peer) _byAddress.TryRemove(new KeyValuePair<UdpAddress, MediaPeer>(address, peer));
            }
            _byAddress[nominated] = peer;
            peer.RemoteAddress = nominated;
        }
        if (_outbound.IsFull) _io.Send(_outbound);
        _outbound.TryAdd(_stunResponse.AsSpan(0, length), source, _socket.AddressFamily);
    }

    private void OnSrtp(MediaPeer peer, Span<byte> datagram)
    {
        // RFC 5761 §4: RTCP payload types 64-95 after masking the marker bit (200-207 in practice).
        var isRtcp = datagram.Length > 1 && datagram[1] is >= 192 and <= 223;
        var inbound = peer.Inbound!;
        if (isRtcp)
        {
            if (!inbound.TryUnprotectRtcp(datagram, datagram.Length, out var plain)) Interlocked.Increment(ref _dropped);
            else RtcpReceived?.Invoke(peer, datagram[..plain]);
            return;
        }
        if (!inbound.TryUnprotect(datagram, datagram.Length, out var length))
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        RtpReceived?.Invoke(peer, datagram[..length]);
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        // The loop wakes from an idle poll within IdleWakeMilliseconds; it owns the socket until then.
        if (_loop is { } loop) await Task.Run(() => loop.Join(TimeSpan.FromSeconds(5)));
        _socket.Dispose();
        foreach (var peer in _byUfrag.Values) peer.Dispose();
        _byUfrag.Clear();
        _byAddress.Clear();
    }
}
