// RFC 3711 §4.3 (key derivation), §4.3.1 (algorithm), §4.3.3 (AES-CM PRF); key derivation rate 0,
// so r = 0 and key_id = label || 0^48. x = key_id XOR master_salt; output = AES-CM(master_key, x * 2^16).
// RFC 7714 §12: the same PRF is used for the AEAD profiles with a 96-bit master salt.
namespace Classroom.Media.Srtp;

/// <summary>SRTP/SRTCP session key derivation from a master key and master salt (key derivation rate 0).</summary>
public static class SrtpKeyDerivation
{
    /// <summary>Label of the SRTP session encryption key.</summary>
    public const byte SrtpEncryptionLabel = 0x00;

    /// <summary>Label of the SRTP session authentication key.</summary>
    public const byte SrtpAuthenticationLabel = 0x01;

    /// <summary>Label of the SRTP session salt.</summary>
    public const byte SrtpSaltLabel = 0x02;

    /// <summary>Label of the SRTCP session encryption key.</summary>
    public const byte SrtcpEncryptionLabel = 0x03;

    /// <summary>Label of the SRTCP session authentication key.</summary>
    public const byte SrtcpAuthenticationLabel = 0x04;

    /// <summary>Label of the SRTCP session salt.</summary>
    public const byte SrtcpSaltLabel = 0x05;

    private const int MaxSaltLength = 14;
    private const int LabelOffset = 7;

    /// <summary>
    /// Writes <c>destination.Length</c> bytes of the session key identified by <paramref name="label"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The master key is not 16 bytes or the salt is longer than 14 bytes.</exception>
    public static void DeriveSessionKey(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> destination)
    {
        if (masterKey.Length != 16)
        {
            throw new ArgumentException("AES-128 master key must be 16 bytes.", nameof(masterKey));
        }

        using var prf = new AesCounterMode(masterKey);
        DeriveSessionKey(prf, masterSalt, label, destination);
    }

    internal static void DeriveSessionKey(AesCounterMode prf, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> destination)
    {
        if (masterSalt.Length > MaxSaltLength)
        {
            throw new ArgumentException("Master salt must be at most 14 bytes.", nameof(masterSalt));
        }

        // x (112 bits) = (label || r) XOR master_salt, r = 0; the 96-bit AEAD salt is zero-padded on the right.
        // IV = x * 2^16, so the last two bytes of the counter block start at zero.
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[LabelOffset] ^= label;

        destination.Clear();
        prf.Transform(iv, destination);
    }
}
