using System.Security.Cryptography;
using Classroom.Media.Srtp;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Classroom.Media.Dtls;

// RFC 5764 (DTLS-SRTP) over RFC 6347 (DTLS 1.2), with the WebRTC rules of RFC 8827 §6.5: the peer
// must present a certificate whose SHA-256 matches the a=fingerprint of its SDP, proven by
// CertificateVerify; otherwise the handshake fails and no SRTP keys exist.

/// <summary>The relay's side of one DTLS-SRTP handshake.</summary>
public sealed class SrtpDtlsServer(BcTlsCrypto crypto, DtlsCertificate certificate, byte[] expectedPeerFingerprint, TimeSpan? handshakeTimeout = null)
    : DefaultTlsServer(crypto)
{
    private static readonly int[] SrtpPreference = [SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80];
    private int _srtpProfile = -1;
    private bool _peerVerified;

    /// <summary>Set when the handshake completed with a verified peer and a negotiated SRTP profile.</summary>
    public SrtpKeyingMaterial? Keys { get; private set; }

    /// <summary>BouncyCastle's own bound on the whole handshake (0: none); the feed's deadline is the other.</summary>
    public override int GetHandshakeTimeoutMillis() => handshakeTimeout is { } timeout ? (int)Math.Ceiling(timeout.TotalMilliseconds) : 0;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() =>
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    protected override TlsCredentialedSigner GetECDsaSignerCredentials()
    {
        var chain = new Certificate([new BcTlsCertificate(crypto, certificate.Der)]);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), crypto, certificate.PrivateKey, chain,
            new SignatureAndHashAlgorithm(Org.BouncyCastle.Tls.HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    public override CertificateRequest GetCertificateRequest() =>
        new([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign], TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context), null);

    public override void NotifyClientCertificate(Certificate clientCertificate)
    {
        if (clientCertificate is null || clientCertificate.IsEmpty) throw new TlsFatalAlert(AlertDescription.handshake_failure);
        var der = clientCertificate.GetCertificateAt(0).GetEncoded();
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(der), expectedPeerFingerprint))
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        _peerVerified = true;
    }

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        var offered = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions)?.ProtectionProfiles ?? [];
        _srtpProfile = SrtpPreference.FirstOrDefault(p => offered.Contains(p), -1);
        if (_srtpProfile < 0) throw new TlsFatalAlert(AlertDescription.handshake_failure);
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = base.GetServerExtensions() ?? new Dictionary<int, byte[]>();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([_srtpProfile], TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        // A client that sent a certificate but no CertificateVerify never reaches here: BouncyCastle
        // requires the verify when a certificate was sent. We still refuse a handshake without one.
        if (!_peerVerified) throw new TlsFatalAlert(AlertDescription.handshake_failure);
        var profile = _srtpProfile == SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM ? SrtpProfile.AeadAes128Gcm : SrtpProfile.Aes128CmHmacSha1_80;
        var exported = m_context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, 2 * (profile.KeyLength() + profile.SaltLength()));
        Keys = SrtpKeyingMaterial.Split(profile, exported);
    }
}
