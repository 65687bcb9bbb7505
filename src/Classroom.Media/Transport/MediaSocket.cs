using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Classroom.Media.Dtls;
using Classroom.Media.Ice;
using Classroom.Media.Srtp;
using Classroom.Media.Stun;
using Classroom.Media.Transport.Udp;

namespace Classroom.Media.Transport;

/// <summary>Called on the receive loop with a decrypted RTP or RTCP packet (the buffer is reused after return).</summary>
public delegate void RtpHandler(MediaPeer peer, Span<byte> packet);

/// <summary>
/// A UDP socket and its receive thread, shared by the peers of the rooms on this loop (RFC 7983
/// demux; the relay opens one per receive loop, each on its own port). STUN finds its peer by the local ufrag in
/// USERNAME; DTLS and SRTP find it by the source address ICE validated, and anything else is
/// dropped and counted, never latched onto. One receive thread takes whole batches from the kernel
/// (recvmmsg where the platform has it), decrypts, and the handler forwards from it: what the
/// forwarding of one batch sends is encrypted straight into an outgoing batch and leaves in one
/// system call (sendmmsg; MediaSocket.Send.cs). Nothing on that path allocates; peers are found by
/// <see cref="UdpAddress"/>.
/// </summary>
public sealed partial class MediaSocket : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly DtlsCertificate _certificate;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, MediaPeer> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MediaPeer>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly ConcurrentDictionary<UdpAddress, MediaPeer> _byAddress = new();
    private readonly UdpBatchIo _io;
    private readonly DatagramBatch _inbound = new(ReceiveBatch);
    private readonly byte[] _stunResponse = new byte[StunWriter.MaxBindingSuccessLength];
    private readonly long[] _drops = new long[Enum.GetValues<DropReason>().Length];
    private readonly TransportBudget _budget;
    private readonly string _loopName;
    private Thread? _loop;
    private volatile bool _stopping;
    private long _faults;
    private long _received;
    private long _loopAllocated;
    private long _fullBatches;

    /// <summary>Datagrams taken from the kernel per call: a key frame to a class, without starving the rest.</summary>
    private const int ReceiveBatch = 32;

    /// <summary>How often the receive thread looks up from an idle socket to notice it should stop.</summary>
    private const int IdleWakeMilliseconds = 250;

    public MediaSocket(IPEndPoint bind, DtlsCertificate certificate, TimeProvider time, TransportLimits? limits = null)
        : this(bind, certificate, time, new TransportBudget(limits ?? new TransportLimits()), "media-receive")
    {
    }

    /// <summary>One of several receive loops sharing <paramref name="budget"/> (the relay's sockets).</summary>
    internal MediaSocket(IPEndPoint bind, DtlsCertificate certificate, TimeProvider time, TransportBudget budget, string loopName)
    {
        _budget = budget;
        _loopName = loopName;
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
        _wake = CreateWake(_io);
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
        _certificate = certificate;
        _time = time;
    }

    public const int SocketBufferBytes = 4 * 1024 * 1024;

    public TransportLimits Limits => _budget.Limits;

    /// <summary>"recvmmsg/sendmmsg" or "portable": how datagrams move (said once in the relay's start-up log).</summary>
    public string BatchingKind => _io.Kind;

    /// <summary>DTLS handshakes running now (each on its own thread), over every socket sharing this one's budget.</summary>
    public int HandshakesRunning => _budget.HandshakesRunning;

    /// <summary>Transports of this participant not yet connected.</summary>
    public int Connecting(TransportOwner owner) => _budget.Connecting.Count(owner);

    internal bool TryEnterHandshake() => _budget.TryEnterHandshake();

    internal void ExitHandshake() => _budget.ExitHandshake();

    /// <summary>Datagrams this socket's receive loop took from the kernel.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>
    /// Bytes the receive loop's thread allocated since it started (read after each batch it handled):
    /// the packet path should add nothing, so this grows only with STUN checks and handshake records.
    /// </summary>
    public long LoopAllocatedBytes => Interlocked.Read(ref _loopAllocated);

    /// <summary>
    /// Receives that filled the whole batch: more datagrams were waiting in the kernel, so the loop was
    /// behind. A few during bursts are normal; a steady share means the loop's core is not keeping up.
    /// </summary>
    public long FullBatches => Interlocked.Read(ref _fullBatches);

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
        _loop = new Thread(ReceiveLoop) { IsBackground = true, Name = _loopName };
        _loop.Start();
    }

    /// <summary>
    /// A peer for a browser whose SDP gave <paramref name="remoteUfrag"/> and this certificate
    /// fingerprint; both null when the relay offers first and learns them from the answer.
    /// </summary>
    /// <exception cref="TransportLimitException">The owner's participant or lesson has too many transports connecting.</exception>
    public MediaPeer AddPeer(string? remoteUfrag = null, byte[]? remoteFingerprint = null, TransportOwner? owner = null)
    {
        var slot = owner is { } o ? _budget.Connecting.Take(o) : null;
        var peer = new MediaPeer(this, remoteUfrag, remoteFingerprint, _certificate, _time, slot);
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

    private void ReceiveLoop()
    {
        _loopThreadId = Environment.CurrentManagedThreadId;
        var allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
        var wait = IdleWakeMilliseconds;
        while (!_stopping)
        {
            var count = _io.Receive(_inbound, Math.Min(wait, IdleWait));
            var frames = DrainTcp(); // ICE-TCP frames posted for this loop (MediaSocket.Tcp.cs)
            if (count == 0 && frames == 0)
            {
                wait = DrainPacers();
                FlushBatch();
                continue;
            }
            Interlocked.Add(ref _received, count);
            if (count == ReceiveBatch) Interlocked.Increment(ref _fullBatches);
            for (var i = 0; i < count; i++)
            {
                if (!_inbound.TryGetAddress(i, out var source))
                {
                    Drop(DropReason.NotMedia);
                    continue;
                }
                try
                {
                    Dispatch(_inbound.Payload(i), source);
                }
                catch (ObjectDisposedException)
                {
                    // A peer closed while its packet was in flight (its keys are gone): drop it.
                    Drop(DropReason.PeerClosed);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A bug on the packet path must cost one packet, not the thread every class's media
                    // runs on (an exception leaving a thread ends the process). Counted and kept for the host to log.
                    Interlocked.Increment(ref _faults);
                    LastFault = e;
                }
            }
            wait = DrainPacers();
            FlushBatch();
            // A thread-local read: cheap enough once per batch, and what the bench reports per packet.
            Interlocked.Exchange(ref _loopAllocated, GC.GetAllocatedBytesForCurrentThread() - allocatedAtStart);
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
                if (!peer.ControlBudget.TryTake(_time))
                {
                    Drop(DropReason.ControlFlood);
                    break;
                }
                // Before SRTP is keyed, the handshake's records are what shows where the browser is.
                // A handshake is a few records: the endpoint object is made here, not per media packet.
                var from = source.ToEndPoint();
                if (peer.State != PeerState.Connected && source != peer.RemoteAddress && peer.Ice.Promote(from)) SyncRemote(peer);
                peer.OnDtls(datagram, from);
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

    private void OnStun(ReadOnlySpan<byte> datagram, UdpAddress source)
    {
        if (!StunMessage.TryParse(datagram, out var message, out _) || message.UsernameLength == 0)
        {
            Drop(DropReason.StunRefused);
            return;
        }
        var username = message.Username(datagram);
        var colon = username.IndexOf((byte)':');
        // ICE ufrags are 4-256 ice-chars (RFC 8839 §5.4): ASCII, so one byte is one char.
        Span<char> ufrag = stackalloc char[256];
        if (colon <= 0 || colon > ufrag.Length || Encoding.ASCII.GetChars(username[..colon], ufrag) != colon
            || !_byUfragSpan.TryGetValue(ufrag[..colon], out var peer))
        {
            Drop(DropReason.StunRefused);
            return;
        }
        // A check is a few per second per peer (a flood beyond that is dropped before its HMAC is
        // verified): the endpoint object ICE keeps is made here, not per media packet.
        if (!peer.ControlBudget.TryTake(_time))
        {
            Drop(DropReason.ControlFlood);
            return;
        }
        var from = source.ToEndPoint();
        if (peer.Ice.Handle(datagram, from, _stunResponse, out var length) != IceVerdict.Respond)
        {
            Drop(DropReason.StunRefused);
            return;
        }
        if (peer.Ice.IsValidated(from) && (!_byAddress.TryGetValue(source, out var current) || current != peer)) Remap(peer);
        else if (source != peer.RemoteAddress) SyncRemote(peer);
        QueueOnLoop(_stunResponse.AsSpan(0, length), source);
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
            if (owner == peer && !peer.Ice.IsValidated(address.ToEndPoint())) _byAddress.TryRemove(new KeyValuePair<UdpAddress, MediaPeer>(address, peer));
        }
        foreach (var endPoint in peer.Ice.Pending.Prepend(peer.Ice.Selected))
        {
            if (endPoint is null) continue;
            var address = UdpAddress.From(endPoint);
            if (_byAddress.TryGetValue(address, out var owner) && owner != peer && owner.Ice.IsSelected(endPoint)) continue;
            _byAddress[address] = peer;
        }
        SyncRemote(peer);
    }

    /// <summary>The packet path sends to <see cref="MediaPeer.RemoteAddress"/>: keep it what ICE selected.</summary>
    private static void SyncRemote(MediaPeer peer)
    {
        var remote = peer.Remote;
        peer.RemoteAddress = remote is not null ? UdpAddress.From(remote) : default;
        // An ICE-TCP pair when the selected address is one of the peer's connections (MediaSocket.Tcp.cs).
        peer.Tcp = peer.TcpLinks.Find(remote);
    }

    private void OnSrtp(MediaPeer peer, Span<byte> datagram, UdpAddress source)
    {
        // RFC 5761 §4: RTCP payload types 64-95 after masking the marker bit (200-207 in practice).
        var isRtcp = datagram.Length > 1 && datagram[1] is >= 192 and <= 223;
        var inbound = peer.Inbound!;
        SrtpRejection rejection;
        if (isRtcp)
        {
            if (inbound.TryUnprotectRtcp(datagram, datagram.Length, out var plain, out rejection))
            {
                FollowTo(peer, source);
                RtcpReceived?.Invoke(peer, datagram[..plain]);
                return;
            }
        }
        else if (inbound.TryUnprotect(datagram, datagram.Length, out var length, out rejection))
        {
            FollowTo(peer, source);
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

    /// <summary>Authenticated media from a validated address the browser moved to: send there from now on.</summary>
    private static void FollowTo(MediaPeer peer, UdpAddress source)
    {
        if (source == peer.RemoteAddress) return; // the common case: one comparison, no allocation
        if (peer.Ice.Promote(source.ToEndPoint())) SyncRemote(peer);
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        // The loop wakes from an idle poll within IdleWakeMilliseconds; it owns the socket until then.
        if (_loop is { } loop) await Task.Run(() => loop.Join(TimeSpan.FromSeconds(5)));
        _socket.Dispose();
        _wake?.Dispose();
        foreach (var peer in _byUfrag.Values) peer.Dispose();
        _byUfrag.Clear();
        _byAddress.Clear();
    }
}
