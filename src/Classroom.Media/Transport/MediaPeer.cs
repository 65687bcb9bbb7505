using System.Net;
using Classroom.Media.Dtls;
using Classroom.Media.Ice;
using Classroom.Media.Sfu;
using Classroom.Media.Srtp;
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
public sealed class MediaPeer : IRtpSink, IDisposable
{
    private readonly MediaSocket _socket;
    private readonly DtlsDatagramFeed _dtls;
    private readonly DtlsCertificate _certificate;
    private byte[]? _remoteFingerprint;
    private int _handshakeStarted;
    private IPEndPoint? _previous;

    internal MediaPeer(MediaSocket socket, string? remoteUfrag, byte[]? remoteFingerprint, DtlsCertificate certificate, TimeProvider time)
    {
        _socket = socket;
        Time = time;
        Ice = new IceLiteAgent(IceCredentials.Create(), remoteUfrag ?? string.Empty, time);
        _certificate = certificate;
        _remoteFingerprint = remoteFingerprint;
        _dtls = new DtlsDatagramFeed(datagram => socket.SendRaw(this, datagram.Span));
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

    /// <summary>The validated address; during an ICE restart the old one until the new pair is nominated.</summary>
    internal IPEndPoint? Remote => Ice.Selected ?? _previous;

    /// <summary>Completes when the handshake finished, successfully or not.</summary>
    public Task Handshake => _handshake.Task;

    private readonly TaskCompletionSource _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool SendRtp(ReadOnlySpan<byte> packet) => _socket.SendRtp(this, packet);

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

    /// <summary>A DTLS record from the validated address: the first one starts the handshake.</summary>
    internal void OnDtls(ReadOnlySpan<byte> datagram)
    {
        if (State is PeerState.Failed or PeerState.Closed || _remoteFingerprint is null) return;
        _dtls.Enqueue(datagram);
        if (Interlocked.Exchange(ref _handshakeStarted, 1) == 0)
        {
            State = PeerState.Connecting;
            _ = Task.Run(RunHandshake);
        }
    }

    private void RunHandshake()
    {
        var server = new SrtpDtlsServer(new BcTlsCrypto(new SecureRandom()), _certificate, _remoteFingerprint!);
        try
        {
            new DtlsServerProtocol().Accept(server, _dtls);
            var keys = server.Keys ?? throw new TlsFatalAlert(AlertDescription.handshake_failure);
            Profile = keys.Profile;
            Inbound = new SrtpContext(keys.Profile, keys.ClientKey, keys.ClientSalt);
            Outbound = new SrtpContext(keys.Profile, keys.ServerKey, keys.ServerSalt);
            State = PeerState.Connected;
        }
        catch (Exception ex) when (ex is TlsException or IOException or InvalidOperationException)
        {
            Failure = ex;
            State = PeerState.Failed;
        }
        _handshake.TrySetResult();
        if (State == PeerState.Connected) Connected?.Invoke(this);
    }

    public void Dispose()
    {
        lock (SendLock)
        {
            State = PeerState.Closed;
            _dtls.Close();
            Inbound?.Dispose();
            Outbound?.Dispose();
        }
    }
}
