using System.Net;
using Classroom.Media.Dtls;
using Classroom.Media.Ice;
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
public sealed class MediaPeer : IDisposable
{
    private readonly DtlsDatagramFeed _dtls;
    private readonly DtlsCertificate _certificate;
    private readonly byte[] _remoteFingerprint;
    private int _handshakeStarted;

    internal MediaPeer(string remoteUfrag, byte[] remoteFingerprint, DtlsCertificate certificate, TimeProvider time, Action<MediaPeer, ReadOnlyMemory<byte>> send)
    {
        Ice = new IceLiteAgent(IceCredentials.Create(), remoteUfrag, time);
        _certificate = certificate;
        _remoteFingerprint = remoteFingerprint;
        _dtls = new DtlsDatagramFeed(datagram => send(this, datagram));
    }

    public IceLiteAgent Ice { get; }
    public PeerState State { get; private set; } = PeerState.New;
    public Exception? Failure { get; private set; }
    public SrtpProfile Profile { get; private set; }

    /// <summary>Decrypts what the browser sends (its client keys).</summary>
    internal SrtpContext? Inbound { get; private set; }

    /// <summary>Encrypts what the relay sends to the browser (the server keys).</summary>
    internal SrtpContext? Outbound { get; private set; }

    internal IPEndPoint? Remote => Ice.Selected;

    /// <summary>Completes when the handshake finished, successfully or not.</summary>
    public Task Handshake => _handshake.Task;

    private readonly TaskCompletionSource _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A DTLS record from the validated address: the first one starts the handshake.</summary>
    internal void OnDtls(ReadOnlySpan<byte> datagram)
    {
        if (State is PeerState.Failed or PeerState.Closed) return;
        _dtls.Enqueue(datagram);
        if (Interlocked.Exchange(ref _handshakeStarted, 1) == 0)
        {
            State = PeerState.Connecting;
            _ = Task.Run(RunHandshake);
        }
    }

    private void RunHandshake()
    {
        var server = new SrtpDtlsServer(new BcTlsCrypto(new SecureRandom()), _certificate, _remoteFingerprint);
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
    }

    public void Dispose()
    {
        State = PeerState.Closed;
        _dtls.Close();
        Inbound?.Dispose();
        Outbound?.Dispose();
    }
}
