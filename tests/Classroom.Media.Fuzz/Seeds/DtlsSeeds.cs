// Seeds for the DTLS target: the datagrams a real DTLS-SRTP client (BouncyCastle, offering what a
// browser offers) sends during a complete handshake with the target's fixed server, recorded here.
// Replayed against the same fixed server they complete the handshake again, so the fuzzer mutates
// every message of the client's flights, not only the first ClientHello.
using Classroom.Media.Dtls;
using Classroom.Media.Fuzz.Targets;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Classroom.Media.Fuzz.Seeds;

public static class DtlsSeeds
{
    public static IEnumerable<byte[]> Record()
    {
        foreach (var profiles in new[] { new[] { SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80 }, [SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80] })
        {
            var flights = Handshake(profiles);
            var framed = SeedWriter.Frame(flights);
            var replayed = Replays(framed);
            Console.WriteLine($"dtls: {flights.Count} client datagrams recorded; replayed, the handshake completes: {replayed}");
            yield return framed;
            // The ClientHello alone, and behind a STUN check and an RTP packet the demux must leave out.
            yield return SeedWriter.Frame([flights[0]]);
            yield return SeedWriter.Frame([[0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42, .. new byte[12]], [0x80, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1], flights[0]]);
        }
    }

    private static bool Replays(byte[] framed)
    {
        try
        {
            return DtlsTarget.Handshake(framed);
        }
        catch (FuzzCheckException)
        {
            return false;
        }
    }

    /// <summary>A live handshake between a client and the fixed server; returns what the client sent.</summary>
    private static List<byte[]> Handshake(int[] profiles)
    {
        var recorded = new List<byte[]>();
        // Each side reads its own feed; what one side sends lands in the other's feed.
        DtlsDatagramFeed? serverFeed = null;
        var clientFeed = new DtlsDatagramFeed(datagram =>
        {
            lock (recorded) recorded.Add(datagram.ToArray());
            serverFeed!.Enqueue(datagram.Span);
        });
        serverFeed = new DtlsDatagramFeed(datagram => clientFeed.Enqueue(datagram.Span));
        var server = new SrtpDtlsServer(FixedCertificates.Crypto(DtlsTarget.ServerRandomSeed), FixedCertificates.Server, FixedCertificates.ClientFingerprint);
        var serverTask = Task.Run(() => new DtlsServerProtocol().Accept(server, serverFeed));
        var client = new Client(FixedCertificates.Crypto(4), profiles);
        var transport = new DtlsClientProtocol().Connect(client, clientFeed);
        if (!serverTask.Wait(TimeSpan.FromSeconds(30)) || server.Keys is null) throw new InvalidOperationException("the recorded handshake did not complete");
        transport.Close();
        lock (recorded) return [.. recorded];
    }

    /// <summary>What a browser's DTLS client offers: DTLS 1.2, ECDHE-ECDSA, use_srtp, its certificate on request.</summary>
    private sealed class Client(BcTlsCrypto crypto, int[] profiles) : DefaultTlsClient(crypto)
    {
        protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

        protected override int[] GetSupportedCipherSuites() => [CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256];

        public override IDictionary<int, byte[]> GetClientExtensions()
        {
            var extensions = base.GetClientExtensions() ?? new Dictionary<int, byte[]>();
            TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(profiles, TlsUtilities.EmptyBytes));
            return extensions;
        }

        public override TlsAuthentication GetAuthentication() => new Authentication(crypto, m_context);

        private sealed class Authentication(BcTlsCrypto crypto, TlsContext context) : TlsAuthentication
        {
            public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
            {
                var der = serverCertificate.Certificate.GetCertificateAt(0).GetEncoded();
                if (!System.Security.Cryptography.SHA256.HashData(der).AsSpan().SequenceEqual(FixedCertificates.ServerFingerprint))
                    throw new TlsFatalAlert(AlertDescription.bad_certificate);
            }

            public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
                new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, FixedCertificates.Client.PrivateKey,
                    new Certificate([new BcTlsCertificate(crypto, FixedCertificates.Client.Der)]),
                    new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
        }
    }
}
