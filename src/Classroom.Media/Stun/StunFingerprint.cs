using System.Buffers.Binary;

namespace Classroom.Media.Stun;

// RFC 5389 §15.5: FINGERPRINT is the CRC-32 (ISO/IEC 13239, as in Ethernet) of the message up to
// the attribute, XOR 0x5354554e, with the header length already covering the attribute.

public static class StunFingerprint
{
    private const uint Xor = 0x5354554E;
    private static readonly uint[] Table = BuildTable();

    public static bool Verify(ReadOnlySpan<byte> packet, in StunMessage message)
    {
        if (!message.HasFingerprint) return false;
        var expected = BinaryPrimitives.ReadUInt32BigEndian(packet[(message.FingerprintOffset + 4)..]);
        return Compute(packet[..message.FingerprintOffset]) == expected;
    }

    public static uint Compute(ReadOnlySpan<byte> data) => Crc32(data) ^ Xor;

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
