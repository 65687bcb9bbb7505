using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Classroom.Media.Dtls;
using Classroom.Media.Srtp;
using Classroom.Media.Stun;
using Classroom.Media.Tests.Dtls;
using Classroom.Media.Tests.Ice;
using Classroom.Media.Tests.Srtp;
using Classroom.Media.Transport;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Classroom.Media.Tests.Transport;

/// <summary>
/// The whole transport on real UDP (loopback): a browser-like peer does ICE, DTLS and SRTP against
/// the shared media socket; its media comes through decrypted and goes back encrypted, while the
/// same bytes from any other address are dropped.
/// </summary>
public sealed class MediaSocketTests
{
    [Fact]
    public async Task Ice_then_dtls_then_srtp_both_ways_and_nothing_from_an_unvalidated_address()
    {
        var serverCertificate = DtlsCertificate.CreateSelfSigned("relay");
        await using var media = new MediaSocket(new IPEndPoint(IPAddress.Loopback, 0), serverCertificate, TimeProvider.System);
        var received = new List<byte[]>();
        media.RtpReceived = (peer, packet) =>
        {
            lock (received) received.Add(packet.ToArray());
            media.SendRtp(peer, packet); // echo: the forwarding path
        };
        media.Start();

        var browserCertificate = DtlsCertificate.CreateSelfSigned("browser");
        var peer = media.AddPeer("brws", SHA256.HashData(browserCertificate.Der));
        using var browser = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        browser.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        browser.ReceiveTimeout = 5000;

        // 1. ICE: the nominating check is answered, and the browser's address becomes the only one accepted.
        var check = BindingRequests.Create($"{peer.Ice.Local.Ufrag}:brws", peer.Ice.Local.PasswordBytes);
        browser.SendTo(check, media.LocalEndPoint);
        var response = new byte[1500];
        var length = browser.Receive(response);
        Assert.True(StunMessage.TryParse(response.AsSpan(0, length), out var m, out _));
        Assert.Equal(StunMessageType.BindingSuccess, m.Type);
        Assert.True(StunIntegrity.Verify(response.AsSpan(0, length), m, peer.Ice.Local.PasswordBytes));

        // 2. DTLS through the shared socket.
        var client = new SrtpDtlsClient(new BcTlsCrypto(new SecureRandom()), browserCertificate, SHA256.HashData(serverCertificate.Der),
            [SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80]);
        await Task.Run(() => new DtlsClientProtocol().Connect(client, new UdpDatagramTransport(browser, media.LocalEndPoint))).WaitAsync(TimeSpan.FromSeconds(20));
        await peer.Handshake.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(PeerState.Connected, peer.State);
        Assert.Equal(SrtpProfile.AeadAes128Gcm, peer.Profile);
        var keys = SrtpKeyingMaterial.Split(peer.Profile, client.Exported);
        using var browserOut = new SrtpContext(keys.Profile, keys.ClientKey, keys.ClientSalt);
        using var browserIn = new SrtpContext(keys.Profile, keys.ServerKey, keys.ServerSalt);

        // 3. SRTP in, decrypted, echoed back encrypted.
        var packet = SrtpTestPackets.BuildRtp(1000, 0x1234, 160);
        var plain = packet.AsSpan(0, 12 + 160).ToArray();
        Assert.True(browserOut.TryProtect(packet, 12 + 160, out var protectedLength));
        var wire = packet.AsSpan(0, protectedLength).ToArray();
        browser.SendTo(wire, media.LocalEndPoint);
        var echo = new byte[1500];
        var echoLength = browser.Receive(echo);
        Assert.True(browserIn.TryUnprotect(echo, echoLength, out var echoPlain));
        Assert.Equal(plain, echo.AsSpan(0, echoPlain).ToArray());
        lock (received) Assert.Equal(plain, Assert.Single(received));

        // 4. The same valid ciphertext from another address (an on-path attacker) is dropped, not latched onto.
        var droppedBefore = media.Dropped;
        using var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        attacker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        attacker.SendTo(wire, media.LocalEndPoint);
        attacker.SendTo(check, media.LocalEndPoint); // a replayed check: dropped, it must not move the media path
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (media.Dropped == droppedBefore && DateTime.UtcNow < deadline) await Task.Delay(20);
        while (media.Dropped < droppedBefore + 2 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(droppedBefore + 2, media.Dropped);
        lock (received) Assert.Single(received);
        Assert.Equal(browser.LocalEndPoint, peer.Ice.Selected);
    }
}
