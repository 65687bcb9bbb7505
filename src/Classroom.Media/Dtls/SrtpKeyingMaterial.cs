using Classroom.Media.Srtp;

namespace Classroom.Media.Dtls;

// RFC 5764 §4.2: the exporter output is client_write_key | server_write_key | client_write_salt |
// server_write_salt. The relay is the DTLS server: it decrypts with the client's keys and encrypts
// with its own.

/// <summary>The SRTP master keys both sides derived from the DTLS handshake, and the chosen profile.</summary>
public sealed record SrtpKeyingMaterial(SrtpProfile Profile, byte[] ClientKey, byte[] ClientSalt, byte[] ServerKey, byte[] ServerSalt)
{
    public static SrtpKeyingMaterial Split(SrtpProfile profile, ReadOnlySpan<byte> exported)
    {
        var key = profile.KeyLength();
        var salt = profile.SaltLength();
        return new SrtpKeyingMaterial(
            profile,
            exported[..key].ToArray(),
            exported.Slice(2 * key, salt).ToArray(),
            exported.Slice(key, key).ToArray(),
            exported.Slice(2 * key + salt, salt).ToArray());
    }
}
