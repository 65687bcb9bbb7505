using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Classroom.Media.Dtls;
using Classroom.Media.Srtp;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Classroom.Media.Tests.Dtls;

/// <summary>A BouncyCastle DTLS client against our server over real UDP on loopback.</summary>
public sealed class DtlsHandshakeTests
{
    private static readonly DtlsCertificate ServerCertificate = DtlsCertificate.CreateSelfSigned("relay");

    private sealed record Outcome(SrtpDtlsServer Server, SrtpDtlsClient Client, Exception? ServerError, Exception? ClientError);

    private static async Task<Outcome> HandshakeAsync(DtlsCertificate clientCertificate, byte[] fingerprintTheServerExpects, int[] offered)
    {
        var crypto = new BcTlsCrypto(new SecureRandom());
        using var serverSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var clientSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        serverSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        clientSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var clientEndPoint = clientSocket.LocalEndPoint!;

        var feed = new DtlsDatagramFeed(datagram => serverSocket.SendTo(datagram.Span, clientEndPoint));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var pump = Task.Run(async () =>
        {
            var buffer = new byte[1500];
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var received = await serverSocket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), stop.Token);
                    // Only the address ICE validated may speak DTLS; here that is the client socket.
                    if (received.RemoteEndPoint.Equals(clientEndPoint)) feed.Enqueue(buffer.AsSpan(0, received.ReceivedBytes));
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });

        var server = new SrtpDtlsServer(crypto, ServerCertificate, fingerprintTheServerExpects);
        var client = new SrtpDtlsClient(crypto, clientCertificate, SHA256.HashData(ServerCertificate.Der), offered);
        Exception? serverError = null, clientError = null;
        var serverTask = Task.Run(() =>
        {
            try
            {
                new DtlsServerProtocol().Accept(server, feed);
            }
            catch (Exception ex)
            {
                serverError = ex;
            }
        });
        var clientTask = Task.Run(() =>
        {
            try
            {
                new DtlsClientProtocol().Connect(client, new UdpDatagramTransport(clientSocket, serverSocket.LocalEndPoint!));
            }
            catch (Exception ex)
            {
                clientError = ex;
            }
        });
        await Task.WhenAll(serverTask, clientTask).WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        feed.Close();
        await pump;
        return new Outcome(server, client, serverError, clientError);
    }

    [Theory]
    [InlineData(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, SrtpProfile.AeadAes128Gcm)]
    [InlineData(SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, SrtpProfile.Aes128CmHmacSha1_80)]
    public async Task Both_sides_derive_the_same_srtp_keys_and_gcm_is_preferred(int onlyOffered, SrtpProfile expected)
    {
        var clientCertificate = DtlsCertificate.CreateSelfSigned("browser");
        var outcome = await HandshakeAsync(clientCertificate, SHA256.HashData(clientCertificate.Der), [onlyOffered]);
        Assert.Null(outcome.ServerError);
        Assert.Null(outcome.ClientError);
        var keys = outcome.Server.Keys!;
        Assert.Equal(expected, keys.Profile);
        var mine = SrtpKeyingMaterial.Split(expected, outcome.Client.Exported);
        Assert.Equal(mine.ClientKey, keys.ClientKey);
        Assert.Equal(mine.ServerSalt, keys.ServerSalt);
        Assert.NotEqual(keys.ClientKey, keys.ServerKey);
    }

    [Fact]
    public async Task When_both_profiles_are_offered_the_server_picks_gcm()
    {
        var clientCertificate = DtlsCertificate.CreateSelfSigned("browser");
        var outcome = await HandshakeAsync(clientCertificate, SHA256.HashData(clientCertificate.Der),
            [SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM]);
        Assert.Equal(SrtpProfile.AeadAes128Gcm, outcome.Server.Keys!.Profile);
    }

    [Fact]
    public async Task A_certificate_that_does_not_match_the_sdp_fingerprint_fails_the_handshake_and_yields_no_keys()
    {
        var impostor = DtlsCertificate.CreateSelfSigned("impostor");
        var announced = DtlsCertificate.CreateSelfSigned("browser");
        var outcome = await HandshakeAsync(impostor, SHA256.HashData(announced.Der), [SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM]);
        var alert = Assert.IsType<TlsFatalAlert>(outcome.ServerError);
        Assert.Equal(AlertDescription.bad_certificate, alert.AlertDescription);
        Assert.Null(outcome.Server.Keys);
        Assert.NotNull(outcome.ClientError);
    }

    [Theory]
    [InlineData("sha-256 AB:CD", false)]
    [InlineData("sha-1 AB:CD:EF", false)]
    [InlineData(null, false)]
    public void Only_sha256_fingerprints_are_accepted_from_sdp(string? value, bool ok)
    {
        Assert.Equal(ok, DtlsCertificate.TryParseSdpFingerprint(value, out _));
        Assert.True(DtlsCertificate.TryParseSdpFingerprint("sha-256 " + ServerCertificate.Fingerprint, out var hash));
        Assert.Equal(SHA256.HashData(ServerCertificate.Der), hash);
    }
}
