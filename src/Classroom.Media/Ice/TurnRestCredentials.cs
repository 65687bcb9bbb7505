using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Classroom.Media.Ice;

// draft-uberti-behave-turn-rest-00 §2.2, as coturn implements it (use-auth-secret with
// static-auth-secret): the username is "<expiry as Unix seconds>:<who>", the password is
// base64(HMAC-SHA1(shared secret, username)). The TURN server recomputes the password from the
// username and refuses it once the expiry has passed, so the web server and the TURN server share only
// the secret and never talk to each other; a credential a page leaks is useless after its lifetime.

/// <summary>Time-limited TURN credentials from a secret shared with the TURN server.</summary>
public static class TurnRestCredentials
{
    /// <summary>The username and password for <paramref name="who"/>, valid until <paramref name="expires"/>.</summary>
    public static (string Username, string Password) Create(string secret, string who, DateTimeOffset expires)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentException.ThrowIfNullOrEmpty(who);
        // A colon in "who" would move the expiry coturn reads; ids here never have one, but make sure.
        var username = $"{expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}:{who.Replace(':', '_')}";
        var password = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
        return (username, password);
    }
}
