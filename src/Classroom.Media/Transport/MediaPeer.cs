using System.Buffers.Binary;
using System.Net;
using Classroom.Media.Dtls;
using Classroom.Media.Ice;
using Classroom.Media.Sfu;
using Classroom.Media.Sfu.Congestion;
using Classroom.Media.Srtp;
using Classroom.Media.Transport.Tcp;
using Classroom.Media.Transport.Udp;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Classroom.Media.Transport;

/// <summary>Where one peer's transport is: checks answered, DTLS running, SRTP keyed, or failed.</summary>
public enum PeerState
{
    New = 0,
    Connecting,
    Connected,
    Failed,
    Closed,
}

/// <summary>
/// One browser's transport on the shared media socket (BUNDLE + rtcp-mux: one per peer connection):
/// its ICE-lite agent, its DTLS handshake and, once keyed, its SRTP contexts. Media is accepted only
/// from the address ICE validated, only after the peer's certificate matched its SDP fingerprint.
/// </summary>
public sealed class MediaPeer : IRtpSink, IPacedSink, IDisposable
{
    /// <summary>Handshakes one transport may start: a forged or broken one does not end it for good.</summary>
    public const int MaxHandshakeAttempts = 4;

    private readonly MediaSocket _socket;

    /// <summary>The socket (and so the receive loop) this peer's datagrams come and go on.</summary>
    internal MediaSocket Socket => _socket;
    private readonly DtlsCertificate _certificate;
    private readonly Lock _dtlsGate = new();
    // RFC 6347 §4.2.1: a ClientHello must echo a cookie bound to its source address before any handshake
    // state exists, so hellos spoofed from the browser's address (which never see our answer) start nothing.
    private readonly DtlsVerifier _verifier = new(new BcTlsCrypto(new SecureRandom()));
    private readonly ClientHelloAssembler _hello = new();
    private DtlsDatagramFeed? _dtls;
    private bool _handshakeRunning;
    private int _handshakeAttempts;
    private byte[]? _remoteFingerprint;
    private IPEndPoint? _previous;

    private readonly ConnectingTransports.Slot? _connectingSlot;

    internal MediaPeer(MediaSocket socket, string? remoteUfrag, byte[]? remoteFingerprint, DtlsCertificate certificate, TimeProvider time,
        ConnectingTransports.Slot? connectingSlot = null)
    {
        _connectingSlot = connectingSlot;
        _socket = socket;
        Time = time;
        Ice = new IceLiteAgent(IceCredentials.Create(), remoteUfrag ?? string.Empty, time);
        _certificate = certificate;
        _remoteFingerprint = remoteFingerprint;
    }

    internal TimeProvider Time { get; }
    public IceLiteAgent Ice { get; private set; }
    public PeerState State { get; private set; } = PeerState.New;
    public Exception? Failure { get; private set; }
    public SrtpProfile Profile { get; private set; }

    /// <summary>The relay's side of a session this transport carries; read on the packet path without a lookup.</summary>
    internal IPeerOwner? Owner { get; set; }

    /// <summary>Called once, off the receive loop, when SRTP is keyed.</summary>
    public Action<MediaPeer>? Connected { get; set; }

    /// <summary>Decrypts what the browser sends (its client keys).</summary>
    internal SrtpContext? Inbound { get; private set; }

    /// <summary>Encrypts what the relay sends to the browser (the server keys). Used under <see cref="SendLock"/>.</summary>
    internal SrtpContext? Outbound { get; private set; }

    /// <summary>Serializes encryption: the receive loop forwards, timers and handshakes send RTCP.</summary>
    internal Lock SendLock { get; } = new();

    internal byte[] ControlBuffer { get; } = new byte[1500];

    /// <summary>STUN and DTLS datagrams this peer may have handled now; only its receive loop touches it.</summary>
    internal ControlBudget ControlBudget;

    /// <summary>The validated address; during an ICE restart the old one until the new pair is nominated.</summary>
    internal IPEndPoint? Remote => Ice.Selected ?? _previous;

    /// <summary><see cref="Remote"/> as the packet path addresses it; set by the socket when ICE nominates an address.</summary>
    internal UdpAddress RemoteAddress { get; set; }

    /// <summary>The ICE-TCP connection the selected pair runs over (null: UDP); set by the socket with <see cref="RemoteAddress"/>.</summary>
    internal TcpConnection? Tcp { get; set; }

    /// <summary>The ICE-TCP connections valid checks bound to this peer.</summary>
    internal TcpPeerLinks TcpLinks { get; } = new();

    /// <summary>Completes when the handshake finished, successfully or not.</summary>
    public Task Handshake => _handshake.Task;

    private readonly TaskCompletionSource _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool SendRtp(ReadOnlySpan<byte> packet) => SendRtp(packet, SendPriority.Video);

    /// <summary>
    /// Congestion control of a receiving transport (null for publishing ones): packets are stamped with
    /// its transport-wide numbers and paced under its estimate. Set before the transport connects.
    /// </summary>
    internal SubscriberLink? Link { get; set; }

    /// <summary>On the receive loop: through the pacer when this transport has one, straight out otherwise.</summary>
    public bool SendRtp(ReadOnlySpan<byte> packet, SendPriority priority)
    {
        if (Link is not { ExtensionId: > 0 } link || !_socket.OnLoopThread)
        {
            Link?.CountSent(packet.Length);
            return _socket.SendRtp(this, packet);
        }
        if (State != PeerState.Connected) return false;
        if (priority == SendPriority.Probe) return SendStamped(link, packet);
        switch (link.Pacer.Offer(packet, priority, SubscriberLink.NowMicros))
        {
            case PaceDecision.SendNow:
                return SendStamped(link, packet);
            case PaceDecision.Queued:
                _socket.SchedulePacing(this, link);
                return true;
            default:
                return false;
        }
    }

    void IPacedSink.SendPaced(ReadOnlySpan<byte> packet, SendPriority priority)
    {
        if (Link is { } link) SendStamped(link, packet);
    }

    private bool SendStamped(SubscriberLink link, ReadOnlySpan<byte> packet)
    {
        link.CountSent(packet.Length);
        if (link.ExtensionId == 0) return _socket.SendRtp(this, packet);
        // The number is taken when the packet really leaves, so the estimate sees true send times.
        var sequence = link.Log.Add(packet.Length, SubscriberLink.NowMicros);
        return _socket.SendRtp(this, packet, link.ExtensionId, sequence);
    }

    /// <summary>Bytes of RTP (before encryption) sent to this page so far: the data it used, for the link quality figures.</summary>
    public long RtpBytesSent => Link?.BytesSent ?? 0;

    public bool SendRtcp(ReadOnlySpan<byte> packet) => _socket.SendRtcp(this, packet);

    /// <summary>An outgoing stream ended: its SRTP state is dropped (the SSRC is never reused).</summary>
    public void ForgetStream(uint ssrc)
    {
        lock (SendLock) Outbound?.RemoveStream(ssrc);
    }

    /// <summary>The browser's ufrag and certificate fingerprint from its answer (receivers answer after the relay offered).</summary>
    public void SetRemote(string remoteUfrag, byte[] remoteFingerprint)
    {
        Ice.SetRemoteUfrag(remoteUfrag);
        _remoteFingerprint ??= remoteFingerprint;
    }

    /// <summary>New ICE credentials on both sides (RFC 8445 §9); DTLS and SRTP carry on.</summary>
    internal void RestartIce(string remoteUfrag)
    {
        _previous = Remote;
        Ice = new IceLiteAgent(IceCredentials.Create(), remoteUfrag, Time);
    }

    /// <summary>Handshakes started so far (cookie-verified ClientHellos that began one).</summary>
    public int HandshakeAttempts => Volatile.Read(ref _handshakeAttempts);

    /// <summary>
    /// A DTLS record from a validated address. While no handshake runs, only a ClientHello carrying our
    /// cookie for <paramref name="source"/> starts one (others get a HelloVerifyRequest, statelessly); a
    /// running handshake gets every record; after the handshake, records are ignored.
    /// </summary>
    internal void OnDtls(ReadOnlySpan<byte> datagram, IPEndPoint source)
    {
        byte[]? hello;
        lock (_dtlsGate)
        {
            if (State is PeerState.Failed or PeerState.Closed or PeerState.Connected || _remoteFingerprint is null) return;
            if (_handshakeRunning)
            {
                _dtls?.Enqueue(datagram);
                return;
            }
            hello = _hello.Add(datagram);
        }
        if (hello is null) return;
        var request = _verifier.VerifyRequest(ClientId(source), hello, 0, hello.Length, new Reply(_socket, this, source));
        if (request is null) return;
        lock (_dtlsGate)
        {
            if (_handshakeRunning || State is not (PeerState.New or PeerState.Connecting) || !_socket.TryEnterHandshake()) return;
            _handshakeRunning = true;
            _handshakeAttempts++;
            State = PeerState.Connecting;
            var feed = new DtlsDatagramFeed(d => _socket.SendRaw(this, d.Span), time: Time, timeout: _socket.Limits.HandshakeTimeout);
            _dtls = feed;
            // BouncyCastle's handshake blocks while it waits for the browser. On a thread of its own (bounded
            // by MaxHandshakes, ended by the timeout) a stalled one cannot starve the thread pool that runs
            // the media loop and the hub.
            new Thread(() => RunHandshake(feed, request)) { IsBackground = true, Name = "DTLS handshake" }.Start();
        }
    }

    /// <summary>What the cookie is bound to: the address and port the ClientHello came from.</summary>
    private static byte[] ClientId(IPEndPoint source)
    {
        var id = new byte[18];
        source.Address.TryWriteBytes(id, out _);
        BinaryPrimitives.WriteUInt16BigEndian(id.AsSpan(16), (ushort)source.Port);
        return id;
    }

    private void RunHandshake(DtlsDatagramFeed feed, DtlsRequest request)
    {
        var server = new SrtpDtlsServer(new BcTlsCrypto(new SecureRandom()), _certificate, _remoteFingerprint!, _socket.Limits.HandshakeTimeout);
        Exception? failure = null;
        SrtpKeyingMaterial? keys = null;
        try
        {
            new DtlsServerProtocol().Accept(server, feed, request);
            keys = server.Keys ?? throw new TlsFatalAlert(AlertDescription.handshake_failure);
        }
        catch (Exception ex) when (ex is TlsException or IOException or InvalidOperationException)
        {
            failure = ex;
        }
        finally
        {
            feed.Close();
            _socket.ExitHandshake();
        }
        bool finished;
        lock (_dtlsGate)
        {
            _handshakeRunning = false;
            if (State == PeerState.Closed)
            {
                finished = true;
            }
            else if (keys is not null)
            {
                Profile = keys.Profile;
                Inbound = new SrtpContext(keys.Profile, keys.ClientKey, keys.ClientSalt);
                Outbound = new SrtpContext(keys.Profile, keys.ServerKey, keys.ServerSalt);
                State = PeerState.Connected;
            }
            else
            {
                // A failed handshake (a forged or stale ClientHello that passed the cookie, a timeout) may
                // be followed by the browser's own: the next verified ClientHello starts again, a few times.
                Failure = failure;
                State = _handshakeAttempts < MaxHandshakeAttempts ? PeerState.New : PeerState.Failed;
            }
            finished = State is PeerState.Connected or PeerState.Failed or PeerState.Closed;
        }
        if (finished)
        {
            _connectingSlot?.Release();
            _handshake.TrySetResult();
        }
        if (State == PeerState.Connected) Connected?.Invoke(this);
    }

    /// <summary>Sends a HelloVerifyRequest back to where the ClientHello came from.</summary>
    private sealed class Reply(MediaSocket socket, MediaPeer peer, IPEndPoint to) : DatagramSender
    {
        public int GetSendLimit() => 1200;
        public void Send(byte[] buf, int off, int len) => socket.SendTo(peer, buf.AsSpan(off, len), to);
        public void Send(ReadOnlySpan<byte> buffer) => socket.SendTo(peer, buffer, to);
    }

    public void Dispose()
    {
        lock (SendLock)
        {
            State = PeerState.Closed;
            _dtls?.Close();
            _connectingSlot?.Release();
            Inbound?.Dispose();
            Outbound?.Dispose();
        }
        TcpLinks.CloseAll();
    }
}
