using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Classroom.Media.Dtls;
using Classroom.Media.Srtp;
using Classroom.Media.Tests.Dtls;
using Classroom.Media.Tests.Ice;
using Classroom.Media.Transport;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Classroom.Media.Tests.Transport;

/// <summary>
/// A browser-like peer on a real loopback UDP socket against a <see cref="MediaSocket"/>: it sends a
/// nominating ICE check, runs the DTLS client handshake and then holds the SRTP keys both ways.
/// </summary>
internal sealed class LoopbackBrowser : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private LoopbackBrowser(MediaPeer peer, Socket socket, DtlsCertificate certificate)
    {
        Peer = peer;
        Socket = socket;
        Certificate = certificate;
    }

    public MediaPeer Peer { get; }
    public Socket Socket { get; }
    public DtlsCertificate Certificate { get; }
    public IPEndPoint LocalEndPoint => (IPEndPoint)Socket.LocalEndPoint!;
    public SrtpContext? Outbound { get; private set; }
    public SrtpContext? Inbound { get; private set; }

    /// <summary>A peer on <paramref name="media"/> and a socket for it, ICE done, no DTLS yet.</summary>
    public static LoopbackBrowser Validate(MediaSocket media)
    {
        var certificate = DtlsCertificate.CreateSelfSigned("browser");
        var peer = media.AddPeer("brws", SHA256.HashData(certificate.Der));
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.ReceiveTimeout = 10_000;
        var browser = new LoopbackBrowser(peer, socket, certificate);
        browser.Check(media);
        return browser;
    }

    /// <summary>A browser through ICE and DTLS, offering <paramref name="profiles"/> (both by default).</summary>
    public static async Task<LoopbackBrowser> ConnectAsync(MediaSocket media, DtlsCertificate serverCertificate, params int[] profiles)
    {
        var browser = Validate(media);
        await browser.HandshakeAsync(media, serverCertificate, profiles);
        return browser;
    }

    /// <summary>Sends a nominating check from this socket and waits for its success response.</summary>
    public byte[] Check(MediaSocket media)
    {
        var check = BindingRequests.Create($"{Peer.Ice.Local.Ufrag}:brws", Peer.Ice.Local.PasswordBytes);
        Socket.SendTo(check, media.LocalEndPoint);
        var response = new byte[1500];
        while (true)
        {
            var length = Socket.Receive(response);
            if (length > 0 && response[0] <= 3) return check;
        }
    }

    public Task HandshakeAsync(MediaSocket media, DtlsCertificate serverCertificate, params int[] profiles) =>
        HandshakeAsync(media, serverCertificate, 1200, profiles);

    /// <summary>The DTLS client handshake; <paramref name="sendLimit"/> below the ClientHello's size fragments it, as Chromium's is.</summary>
    public async Task HandshakeAsync(MediaSocket media, DtlsCertificate serverCertificate, int sendLimit, params int[] profiles)
    {
        if (profiles.Length == 0) profiles = [SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80];
        var client = new SrtpDtlsClient(new BcTlsCrypto(new SecureRandom()), Certificate, SHA256.HashData(serverCertificate.Der), profiles);
        await Task.Run(() => new DtlsClientProtocol().Connect(client, new UdpDatagramTransport(Socket, media.LocalEndPoint, sendLimit))).WaitAsync(Patience);
        await Peer.Handshake.WaitAsync(Patience);
        var keys = SrtpKeyingMaterial.Split(Peer.Profile, client.Exported!);
        Outbound = new SrtpContext(keys.Profile, keys.ClientKey, keys.ClientSalt);
        Inbound = new SrtpContext(keys.Profile, keys.ServerKey, keys.ServerSalt);
    }

    /// <summary>Protects <paramref name="plain"/> (RTP, or compound RTCP) with the browser's keys; the wire bytes.</summary>
    public byte[] Protect(ReadOnlySpan<byte> plain, bool rtcp = false)
    {
        var buffer = new byte[plain.Length + 64];
        plain.CopyTo(buffer);
        var ok = rtcp ? Outbound!.TryProtectRtcp(buffer, plain.Length, out var length) : Outbound!.TryProtect(buffer, plain.Length, out length);
        if (!ok) throw new InvalidOperationException("The test packet could not be protected.");
        return buffer.AsSpan(0, length).ToArray();
    }

    public void Send(MediaSocket media, ReadOnlySpan<byte> datagram) => Socket.SendTo(datagram, media.LocalEndPoint);

    public void Dispose()
    {
        Socket.Dispose();
        Outbound?.Dispose();
        Inbound?.Dispose();
    }
}
