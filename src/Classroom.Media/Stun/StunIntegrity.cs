using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Classroom.Media.Stun;

// RFC 5389 §15.4: MESSAGE-INTEGRITY is HMAC-SHA1 over the message up to (not including) the
// attribute, with the header's length field set as if the message ended right after it. ICE uses
// short-term credentials: the key is the password itself (RFC 8445 §7.2.2).

public static class StunIntegrity
{
    private const int MaxMessage = 1500;

    /// <summary>Checks the HMAC in constant time. Missing or wrong integrity is simply false.</summary>
    public static bool Verify(ReadOnlySpan<byte> packet, in StunMessage message, ReadOnlySpan<byte> key)
    {
        if (!message.HasIntegrity || message.IntegrityOffset > MaxMessage) return false;
        Span<byte> mac = stackalloc byte[StunHeader.IntegrityLength];
        Compute(packet[..message.IntegrityOffset], key, mac);
        return CryptographicOperations.FixedTimeEquals(mac, packet.Slice(message.IntegrityOffset + 4, StunHeader.IntegrityLength));
    }

    /// <summary>
    /// HMAC over <paramref name="prefix"/> (header and attributes before the integrity attribute),
    /// with the length patched to cover the integrity attribute itself.
    /// </summary>
    public static void Compute(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> key, Span<byte> mac)
    {
        Span<byte> copy = stackalloc byte[MaxMessage];
        var data = copy[..prefix.Length];
        prefix.CopyTo(data);
        BinaryPrimitives.WriteUInt16BigEndian(data[2..], (ushort)(prefix.Length - StunHeader.Length + 4 + StunHeader.IntegrityLength));
        HMACSHA1.HashData(key, data, mac);
    }
}
