using Classroom.Media.Dtls;
using Classroom.Media.Srtp;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Classroom.Testing.Media;

// RFC 5764 with the roles of RFC 8842: whoever said a=setup:active is the DTLS client. A browser
// answering actpass says active (client, as against the relay's offers and Janus's subscriber
// offers); when it offered actpass and the other side answered active (Janus as publisher side), the
// browser is the DTLS server. Either way the remote certificate must match its SDP fingerprint, and
// the SRTP keys come from the dtls_srtp exporter: the client writes with the client key.

/// <summary>The DTLS-SRTP handshake of a <see cref="SyntheticPeer"/>, as client or server.</summary>
internal static class SyntheticDtls
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Runs the handshake over <paramref name="feed"/>; returns (inbound, outbound) SRTP contexts.</summary>
    public static async Task<(SrtpContext Inbound, SrtpContext Outbound)> HandshakeAsync(
        bool server, DtlsCertificate own, byte[] remoteFingerprint, DtlsDatagramFeed feed, CancellationToken cancellationToken)
    {
        var crypto = new BcTlsCrypto(new SecureRandom());
        SrtpKeyingMaterial keys;
        if (server)
        {
            var tls = new SrtpDtlsServer(crypto, own, remoteFingerprint);
            await Task.Run(() => new DtlsServerProtocol().Accept(tls, feed), cancellationToken).WaitAsync(HandshakeTimeout, cancellationToken);
            keys = tls.Keys ?? throw new InvalidOperationException("The DTLS handshake completed without SRTP keys.");
        }
        else
        {
            var tls = new SrtpDtlsClient(crypto, own, remoteFingerprint,
                [SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80]);
            await Task.Run(() => new DtlsClientProtocol().Connect(tls, feed), cancellationToken).WaitAsync(HandshakeTimeout, cancellationToken);
            var profile = tls.NegotiatedProfile == SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM ? SrtpProfile.AeadAes128Gcm : SrtpProfile.Aes128CmHmacSha1_80;
            keys = SrtpKeyingMaterial.Split(profile, tls.Exported ?? throw new InvalidOperationException("The DTLS handshake exported no keys."));
        }
        return server
            ? (new SrtpContext(keys.Profile, keys.ClientKey, keys.ClientSalt), new SrtpContext(keys.Profile, keys.ServerKey, keys.ServerSalt))
            : (new SrtpContext(keys.Profile, keys.ServerKey, keys.ServerSalt), new SrtpContext(keys.Profile, keys.ClientKey, keys.ClientSalt));
    }
}
