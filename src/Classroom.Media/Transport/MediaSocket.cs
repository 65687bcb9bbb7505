using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Classroom.Media.Dtls;
using Classroom.Media.Ice;
using Classroom.Media.Srtp;
using Classroom.Media.Stun;

namespace Classroom.Media.Transport;

/// <summary>Called on the receive loop with a decrypted RTP or RTCP packet (the buffer is reused after return).</summary>
public delegate void RtpHandler(MediaPeer peer, Span<byte> packet);

/// <summary>
/// The one UDP socket all peers share (RFC 7983 demux). STUN finds its peer by the local ufrag in
/// USERNAME; DTLS and SRTP find it by the source address ICE validated, and anything else is
/// dropped and counted, never latched onto. One receive loop decrypts; the handler forwards from it.
/// </summary>
public sealed class MediaSocket : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly DtlsCertificate _certificate;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, MediaPeer> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IPEndPoint, MediaPeer> _byAddress = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _receive = new byte[2048];
    private readonly byte[] _send = new byte[2048];
    private readonly byte[] _stunResponse = new byte[StunWriter.MaxBindingSuccessLength];
    private readonly long[] _drops = new long[Enum.GetValues<DropReason>().Length];
    private readonly ConnectingTransports _connecting;
    private Task? _loop;
    private int _handshakes;

    public MediaSocket(IPEndPoint bind, DtlsCertificate certificate, TimeProvider time, TransportLimits? limits = null)
    {
        Limits = limits ?? new TransportLimits();
        _connecting = new ConnectingTransports(Limits);
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
        {
            // One socket carries every peer: a class's worth of video arriving while the loop is busy
            // (a GC, a key frame burst) must wait in the kernel, not be dropped there. The kernel caps
            // these at net.core.rmem_max / wmem_max.
            ReceiveBufferSize = SocketBufferBytes,
            SendBufferSize = SocketBufferBytes,
        };
        _socket.Bind(bind);
        _certificate = certificate;
        _time = time;
    }

    public const int SocketBufferBytes = 4 * 1024 * 1024;

    public TransportLimits Limits { get; }

    /// <summary>DTLS handshakes running now (each on its own thread).</summary>
    public int HandshakesRunning => Volatile.Read(ref _handshakes);

    /// <summary>Transports of this participant not yet connected.</summary>
    public int Connecting(TransportOwner owner) => _connecting.Count(owner);

    /// <summary>Takes a handshake thread if fewer than <see cref="TransportLimits.MaxHandshakes"/> run; else the browser retransmits later.</summary>
    internal bool TryEnterHandshake()
    {
        if (Interlocked.Increment(ref _handshakes) <= Limits.MaxHandshakes) return true;
        Interlocked.Decrement(ref _handshakes);
        return false;
    }

    internal void ExitHandshake() => Interlocked.Decrement(ref _handshakes);

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;
    /// <summary>Datagrams dropped for any reason.</summary>
    public long Dropped
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _drops.Length; i++) total += Interlocked.Read(ref _drops[i]);
            return total;
        }
    }

    /// <summary>Datagrams dropped for one reason.</summary>
    public long DroppedFor(DropReason reason) => Interlocked.Read(ref _drops[(int)reason]);

    private void Drop(DropReason reason) => Interlocked.Increment(ref _drops[(int)reason]);
    public int PeerCount => _byUfrag.Count;

    /// <summary>Validated remote addresses still routed to a peer (a leak shows here).</summary>
    public int AddressCount => _byAddress.Count;
    public RtpHandler? RtpReceived { get; set; }
    public RtpHandler? RtcpReceived { get; set; }
    public IEnumerable<MediaPeer> Peers => _byUfrag.Values;

    public void Start() => _loop ??= Task.Run(ReceiveLoopAsync);

    /// <summary>
    /// A peer for a browser whose SDP gave <paramref name="remoteUfrag"/> and this certificate
    /// fingerprint; both null when the relay offers first and learns them from the answer.
    /// </summary>
    /// <exception cref="TransportLimitException">The owner's participant or lesson has too many transports connecting.</exception>
    public MediaPeer AddPeer(string? remoteUfrag = null, byte[]? remoteFingerprint = null, TransportOwner? owner = null)
    {
        var slot = owner is { } o ? _connecting.Take(o) : null;
        var peer = new MediaPeer(this, remoteUfrag, remoteFingerprint, _certificate, _time, slot);
        _byUfrag[peer.Ice.Local.Ufrag] = peer;
        return peer;
    }

    public void RemovePeer(MediaPeer peer)
    {
        _byUfrag.TryRemove(new KeyValuePair<string, MediaPeer>(peer.Ice.Local.Ufrag, peer));
        foreach (var (address, owner) in _byAddress)
        {
            if (owner == peer) _byAddress.TryRemove(new KeyValuePair<IPEndPoint, MediaPeer>(address, peer));
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

    /// <summary>Encrypts and sends one RTP packet to a connected peer. Call from the receive loop (the handler).</summary>
    public bool SendRtp(MediaPeer peer, ReadOnlySpan<byte> rtp)
    {
        if (peer.State != PeerState.Connected || peer.Outbound is not { } srtp || peer.Remote is not { } remote) return false;
        if (rtp.Length + srtp.RtpOverhead > _send.Length) return false;
        lock (peer.SendLock)
        {
            rtp.CopyTo(_send);
            if (peer.State != PeerState.Connected || !srtp.TryProtect(_send, rtp.Length, out var length)) return false;
            return Send(_send.AsSpan(0, length), remote);
        }
    }

    /// <summary>Encrypts and sends one compound RTCP packet to a connected peer, from any thread.</summary>
    public bool SendRtcp(MediaPeer peer, ReadOnlySpan<byte> rtcp)
    {
        if (peer.State != PeerState.Connected || peer.Outbound is not { } srtp || peer.Remote is not { } remote) return false;
        var buffer = peer.ControlBuffer;
        if (rtcp.Length + srtp.RtcpOverhead > buffer.Length) return false;
        lock (peer.SendLock)
        {
            rtcp.CopyTo(buffer);
            if (peer.State != PeerState.Connected || !srtp.TryProtectRtcp(buffer, rtcp.Length, out var length)) return false;
            return Send(buffer.AsSpan(0, length), remote);
        }
    }

    internal void SendRaw(MediaPeer peer, ReadOnlySpan<byte> datagram)
    {
        if (peer.Remote is { } remote) Send(datagram, remote);
    }

    internal void SendTo(ReadOnlySpan<byte> datagram, IPEndPoint remote) => Send(datagram, remote);

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

    private async Task ReceiveLoopAsync()
    {
        var from = new IPEndPoint(IPAddress.IPv6Any, 0);
        var any = _socket.AddressFamily == AddressFamily.InterNetwork ? new IPEndPoint(IPAddress.Any, 0) : from;
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(_receive, SocketFlags.None, any, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // ICMP port unreachable from a vanished peer: not our socket's problem
            }
            try
            {
                Dispatch(_receive.AsSpan(0, received.ReceivedBytes), (IPEndPoint)received.RemoteEndPoint);
            }
            catch (ObjectDisposedException)
            {
                // A peer closed while its packet was in flight (its keys are gone): drop it.
                Drop(DropReason.PeerClosed);
            }
        }
    }

    private void Dispatch(Span<byte> datagram, IPEndPoint source)
    {
        switch (PacketClass.Of(datagram))
        {
            case PacketKind.Stun:
                OnStun(datagram, source);
                break;
            case PacketKind.Dtls when _byAddress.TryGetValue(source, out var peer):
                // Before SRTP is keyed, the handshake's records are what shows where the browser is.
                if (peer.State != PeerState.Connected && !peer.Ice.IsSelected(source)) peer.Ice.Promote(source);
                peer.OnDtls(datagram, source);
                break;
            case PacketKind.Rtp when _byAddress.TryGetValue(source, out var peer) && peer.State == PeerState.Connected:
                OnSrtp(peer, datagram, source);
                break;
            case PacketKind.Dtls or PacketKind.Rtp:
                Drop(DropReason.UnknownSource);
                break;
            default:
                Drop(DropReason.NotMedia);
                break;
        }
    }

    private void OnStun(ReadOnlySpan<byte> datagram, IPEndPoint source)
    {
        if (!StunMessage.TryParse(datagram, out var message, out _) || message.UsernameLength == 0)
        {
            Drop(DropReason.StunRefused);
            return;
        }
        var username = message.Username(datagram);
        var colon = username.IndexOf((byte)':');
        if (colon <= 0 || !_byUfrag.TryGetValue(Encoding.ASCII.GetString(username[..colon]), out var peer))
        {
            Drop(DropReason.StunRefused);
            return;
        }
        if (peer.Ice.Handle(datagram, source, _stunResponse, out var length) != IceVerdict.Respond)
        {
            Drop(DropReason.StunRefused);
            return;
        }
        if (peer.Ice.IsValidated(source) && (!_byAddress.TryGetValue(source, out var current) || current != peer)) Remap(peer);
        Send(_stunResponse.AsSpan(0, length), source);
    }

    /// <summary>
    /// Routes exactly the addresses the peer's ICE agent validated to it (a new nomination, or an ICE
    /// restart's first one): others stop carrying its DTLS and media. An address another peer selected
    /// is never taken over by a check, however valid (a spoofed source on the school's network).
    /// </summary>
    private void Remap(MediaPeer peer)
    {
        foreach (var (address, owner) in _byAddress)
        {
            if (owner == peer && !peer.Ice.IsValidated(address)) _byAddress.TryRemove(new KeyValuePair<IPEndPoint, MediaPeer>(address, peer));
        }
        foreach (var address in peer.Ice.Pending.Prepend(peer.Ice.Selected))
        {
            if (address is null) continue;
            if (_byAddress.TryGetValue(address, out var owner) && owner != peer && owner.Ice.IsSelected(address)) continue;
            _byAddress[address] = peer;
        }
    }

    private void OnSrtp(MediaPeer peer, Span<byte> datagram, IPEndPoint source)
    {
        // RFC 5761 §4: RTCP payload types 64-95 after masking the marker bit (200-207 in practice).
        var isRtcp = datagram.Length > 1 && datagram[1] is >= 192 and <= 223;
        var inbound = peer.Inbound!;
        SrtpRejection rejection;
        if (isRtcp)
        {
            if (inbound.TryUnprotectRtcp(datagram, datagram.Length, out var plain, out rejection))
            {
                // Authenticated media from a validated address the browser moved to: send there now.
                if (!peer.Ice.IsSelected(source)) peer.Ice.Promote(source);
                RtcpReceived?.Invoke(peer, datagram[..plain]);
                return;
            }
        }
        else if (inbound.TryUnprotect(datagram, datagram.Length, out var length, out rejection))
        {
            if (!peer.Ice.IsSelected(source)) peer.Ice.Promote(source);
            RtpReceived?.Invoke(peer, datagram[..length]);
            return;
        }
        Drop(rejection switch
        {
            SrtpRejection.Replayed => DropReason.SrtpReplayed,
            SrtpRejection.Unauthentic => DropReason.SrtpUnauthentic,
            SrtpRejection.Closed or SrtpRejection.TooManyStreams => DropReason.PeerClosed,
            _ => DropReason.SrtpMalformed,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        if (_loop is not null) await _loop;
        foreach (var peer in _byUfrag.Values) peer.Dispose();
        _byUfrag.Clear();
        _byAddress.Clear();
        _stop.Dispose();
    }
}
