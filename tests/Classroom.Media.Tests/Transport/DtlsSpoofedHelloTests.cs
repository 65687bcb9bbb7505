using System.Net;
using System.Security.Cryptography;
using Classroom.Media.Dtls;
using Classroom.Media.Tests.Dtls;
using Classroom.Media.Tests.Srtp;
using Classroom.Media.Transport;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Classroom.Media.Tests.Transport;

/// <summary>
/// Right after ICE validated the browser's address, someone sends DTLS from that same address (a
/// spoofed source on the school's network). Over real UDP: hellos that never saw our cookie start
/// nothing, a handshake that fails does not end the transport, and the browser's own handshake then
/// succeeds and its media flows.
/// </summary>
public sealed class DtlsSpoofedHelloTests
{
    [Fact]
    public async Task Spoofed_client_hellos_from_the_browsers_address_do_not_stop_its_handshake()
    {
        var serverCertificate = DtlsCertificate.CreateSelfSigned("relay");
        await using var media = Echoing(serverCertificate);
        using var browser = LoopbackBrowser.Validate(media);

        // Three ClientHellos of other clients, sent from the browser's own address and port.
        for (var n = 0; n < 3; n++) browser.Send(media, CaptureClientHello(serverCertificate));
        DrainReplies(browser); // what the relay answered went to the browser's address; it was not expecting anything

        await browser.HandshakeAsync(media, serverCertificate);
        Assert.Equal(PeerState.Connected, browser.Peer.State);
        Assert.Equal(1, browser.Peer.HandshakeAttempts);
        await AssertMediaFlowsAsync(media, browser);
    }

    [Fact]
    public async Task A_client_hello_in_fragments_like_chromiums_passes_the_cookie_exchange_after_spoofed_fragments()
    {
        var serverCertificate = DtlsCertificate.CreateSelfSigned("relay");
        await using var media = Echoing(serverCertificate);
        using var browser = LoopbackBrowser.Validate(media);
        var spoofed = CaptureClientHello(serverCertificate);
        browser.Send(media, spoofed);
        DrainReplies(browser);

        // A send limit below the hello's size: it leaves in several datagrams, each one record fragment.
        await browser.HandshakeAsync(media, serverCertificate, 150);
        Assert.Equal(PeerState.Connected, browser.Peer.State);
        Assert.Equal(1, browser.Peer.HandshakeAttempts);
        await AssertMediaFlowsAsync(media, browser);
    }

    [Fact]
    public async Task A_handshake_from_the_browsers_address_that_fails_does_not_end_the_transport()
    {
        var serverCertificate = DtlsCertificate.CreateSelfSigned("relay");
        await using var media = Echoing(serverCertificate);
        using var browser = LoopbackBrowser.Validate(media);

        // Someone who sees the relay's answers completes the cookie exchange from the browser's address,
        // but with a certificate that is not the one in the browser's SDP: that handshake fails.
        var impostor = new SrtpDtlsClient(new BcTlsCrypto(new SecureRandom()), DtlsCertificate.CreateSelfSigned("impostor"),
            SHA256.HashData(serverCertificate.Der), [SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM]);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() =>
            Task.Run(() => new DtlsClientProtocol().Connect(impostor, new UdpDatagramTransport(browser.Socket, media.LocalEndPoint))).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.IsNotType<TimeoutException>(refused);
        await Until(() => browser.Peer.HandshakeAttempts == 1 && browser.Peer.State == PeerState.New);
        DrainReplies(browser);

        await browser.HandshakeAsync(media, serverCertificate);
        Assert.Equal(PeerState.Connected, browser.Peer.State);
        Assert.Equal(2, browser.Peer.HandshakeAttempts);
        await AssertMediaFlowsAsync(media, browser);
    }

    private static MediaSocket Echoing(DtlsCertificate certificate)
    {
        var media = new MediaSocket(new IPEndPoint(IPAddress.Loopback, 0), certificate, TimeProvider.System);
        media.RtpReceived = (peer, packet) => media.SendRtp(peer, packet);
        media.Start();
        return media;
    }

    /// <summary>The first flight of a DTLS client with its own certificate, as bytes (it never gets further).</summary>
    private static byte[] CaptureClientHello(DtlsCertificate serverCertificate)
    {
        var capture = new FirstDatagram();
        var client = new SrtpDtlsClient(new BcTlsCrypto(new SecureRandom()), DtlsCertificate.CreateSelfSigned("spoofer"),
            SHA256.HashData(serverCertificate.Der), [SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM]);
        Assert.ThrowsAny<Exception>(() => new DtlsClientProtocol().Connect(client, capture));
        return capture.Sent!;
    }

    private sealed class FirstDatagram : DatagramTransport
    {
        public byte[]? Sent { get; private set; }
        public int GetReceiveLimit() => 1500;
        public int GetSendLimit() => 1200;
        public int Receive(byte[] buf, int off, int len, int waitMillis) => throw new IOException("captured");
        public int Receive(Span<byte> buffer, int waitMillis) => throw new IOException("captured");
        public void Send(byte[] buf, int off, int len) => Sent ??= buf.AsSpan(off, len).ToArray();
        public void Send(ReadOnlySpan<byte> buffer) => Sent ??= buffer.ToArray();
        public void Close()
        {
        }
    }

    /// <summary>Reads whatever the relay sent the browser's socket until it has been quiet for a while.</summary>
    private static void DrainReplies(LoopbackBrowser browser)
    {
        var buffer = new byte[1500];
        while (browser.Socket.Poll(TimeSpan.FromMilliseconds(500), System.Net.Sockets.SelectMode.SelectRead)) browser.Socket.Receive(buffer);
    }

    private static async Task AssertMediaFlowsAsync(MediaSocket media, LoopbackBrowser browser)
    {
        var plain = SrtpTestPackets.BuildRtp(77, 0x1234, 100).AsSpan(0, 112).ToArray();
        browser.Send(media, browser.Protect(plain));
        var echo = new byte[1500];
        var length = await Task.Run(() => browser.Socket.Receive(echo));
        Assert.True(browser.Inbound!.TryUnprotect(echo, length, out var echoLength));
        Assert.Equal(plain, echo.AsSpan(0, echoLength).ToArray());
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("The transport did not get back to waiting for a handshake.");
            await Task.Delay(20);
        }
    }
}
