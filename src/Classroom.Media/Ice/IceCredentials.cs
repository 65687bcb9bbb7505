using System.Security.Cryptography;
using System.Text;

namespace Classroom.Media.Ice;

// RFC 8445 §5.3: ufrag at least 24 bits and password at least 128 bits of randomness, from the
// ice-char set (RFC 8839 §5.4: ALPHA / DIGIT / "+" / "/").

public sealed class IceCredentials
{
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public IceCredentials(string ufrag, string password)
    {
        Ufrag = ufrag;
        Password = password;
        PasswordBytes = Encoding.ASCII.GetBytes(password);
    }

    public string Ufrag { get; }
    public string Password { get; }

    /// <summary>The MESSAGE-INTEGRITY key (short-term credentials: the password itself).</summary>
    public byte[] PasswordBytes { get; }

    /// <summary>8 characters of ufrag (48 bits), 24 of password (144 bits).</summary>
    public static IceCredentials Create() =>
        new(RandomNumberGenerator.GetString(IceChars, 8), RandomNumberGenerator.GetString(IceChars, 24));
}
