// RFC 3711 §5 (mandatory transform lengths), RFC 5764 §4.1.2, RFC 7714 §12 and §14.2.
namespace Classroom.Media.Srtp;

/// <summary>Key, salt and authentication tag lengths (in bytes) of each <see cref="SrtpProfile"/>.</summary>
public static class SrtpProfileExtensions
{
    /// <summary>Length of the master key and of the derived session encryption key.</summary>
    public static int KeyLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => 16,
        SrtpProfile.AeadAes128Gcm => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP profile."),
    };

    /// <summary>Length of the master salt and of the derived session salt (112 bits for AES-CM, 96 for GCM).</summary>
    public static int SaltLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => 14,
        SrtpProfile.AeadAes128Gcm => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP profile."),
    };

    /// <summary>Length of the session authentication key (HMAC-SHA1 key, 160 bits); zero for AEAD profiles.</summary>
    public static int AuthKeyLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => 20,
        SrtpProfile.AeadAes128Gcm => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP profile."),
    };

    /// <summary>Length of the authentication tag appended to each packet (80-bit HMAC, 128-bit GCM tag).</summary>
    public static int TagLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => 10,
        SrtpProfile.AeadAes128Gcm => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP profile."),
    };

    /// <summary>True when the profile is an AEAD transform (RFC 7714) rather than AES-CM + HMAC-SHA1.</summary>
    public static bool IsAead(this SrtpProfile profile) => profile == SrtpProfile.AeadAes128Gcm;
}
