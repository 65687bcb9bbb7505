// RFC 5764 §4.1.2 (SRTP protection profile identifiers for DTLS-SRTP) and RFC 7714 §14.2.
namespace Classroom.Media.Srtp;

/// <summary>SRTP protection profiles supported by the relay, valued as their DTLS-SRTP identifiers.</summary>
public enum SrtpProfile
{
    /// <summary>No profile negotiated; not usable for protection.</summary>
    None = 0x0000,

    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80 (RFC 3711 §4.1.1, §4.2.1; RFC 5764 §4.1.2).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1707", Justification = "Mirrors the IANA name SRTP_AES128_CM_HMAC_SHA1_80.")]
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM (RFC 7714).</summary>
    AeadAes128Gcm = 0x0007,
}
