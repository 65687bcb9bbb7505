using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Classroom.Media.Dtls;

// RFC 5764 from the browser's side: the synthetic clients of the tests and the bench are DTLS clients
// with their own self-signed certificate, offer use_srtp, and check the relay's certificate against
// the a=fingerprint of its SDP.

/// <summary>A DTLS-SRTP client as a browser is one: its own self-signed certificate, use_srtp offered, the server's fingerprint checked.</summary>
public sealed class SrtpDtlsClient(BcTlsCrypto crypto, DtlsCertificate own, byte[] serverFingerprint, int[] srtpProfiles) : DefaultTlsClient(crypto)
{
    public byte[]? Exported { get; private set; }
    public int NegotiatedProfile { get; private set; } = -1;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => [CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256];

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = base.GetClientExtensions() ?? new Dictionary<int, byte[]>();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(srtpProfiles, TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        NegotiatedProfile = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions).ProtectionProfiles[0];
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        var length = NegotiatedProfile == SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM ? 2 * (16 + 12) : 2 * (16 + 14);
        Exported = m_context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, length);
    }

    private sealed class Authentication(SrtpDtlsClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
            var der = serverCertificate.Certificate.GetCertificateAt(0).GetEncoded();
            if (!SHA256.HashData(der).AsSpan().SequenceEqual(client.ExpectedServer)) throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest)
        {
            var chain = new Certificate([new BcTlsCertificate(client.BcCrypto, client.Own.Der)]);
            return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(client.Context), client.BcCrypto, client.Own.PrivateKey, chain,
                new SignatureAndHashAlgorithm(Org.BouncyCastle.Tls.HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
        }
    }

    private byte[] ExpectedServer => serverFingerprint;
    private BcTlsCrypto BcCrypto => crypto;
    private DtlsCertificate Own => own;
    private TlsContext Context => m_context;
}
