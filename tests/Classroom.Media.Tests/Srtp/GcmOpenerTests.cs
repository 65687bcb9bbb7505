// The relay checks AES-GCM tags itself (GHASH of NIST SP 800-38D) so that a bad tag is a plain false.
// Its verdicts must be exactly those of the platform's AES-GCM: same plaintext for every genuine
// packet, refusal of every altered one.
using System.Security.Cryptography;
using Classroom.Media.Srtp;

namespace Classroom.Media.Tests.Srtp;

public class GcmOpenerTests
{
    [Fact]
    public void Opens_what_the_platform_sealed_for_all_lengths_and_refuses_any_altered_bit()
    {
        var random = new Random(20261124);
        for (var round = 0; round < 300; round++)
        {
            var key = new byte[16];
            random.NextBytes(key);
            var nonce = new byte[12];
            random.NextBytes(nonce);
            var aad = new byte[random.Next(0, 40)];
            random.NextBytes(aad);
            var plain = new byte[round < 70 ? round : random.Next(0, 1400)];
            random.NextBytes(plain);
            var sealedData = new byte[plain.Length];
            var tag = new byte[16];
            using (var platform = new AesGcm(key, 16)) platform.Encrypt(nonce, plain, sealedData, tag, aad);

            using var opener = new GcmOpener(key);
            var data = (byte[])sealedData.Clone();
            Assert.True(opener.TryOpen(nonce, aad, data, tag), $"round {round}");
            Assert.Equal(plain, data);

            // One flipped bit anywhere (ciphertext, AAD or tag) is refused and leaves the data as it was.
            var all = aad.Length + sealedData.Length + tag.Length;
            var bit = random.Next(all * 8);
            var (alteredAad, alteredData, alteredTag) = ((byte[])aad.Clone(), (byte[])sealedData.Clone(), (byte[])tag.Clone());
            var at = bit / 8;
            var target = at < aad.Length ? alteredAad : at < aad.Length + sealedData.Length ? alteredData : alteredTag;
            var offset = at < aad.Length ? at : at < aad.Length + sealedData.Length ? at - aad.Length : at - aad.Length - sealedData.Length;
            target[offset] ^= (byte)(1 << (bit % 8));
            Assert.False(opener.TryOpen(nonce, alteredAad, alteredData, alteredTag), $"round {round}, bit {bit}");
            if (!ReferenceEquals(target, alteredData)) Assert.Equal(sealedData, alteredData);
        }
    }

    [Fact]
    public void The_hardware_and_portable_carryless_products_agree()
    {
        var random = new Random(7);
        Span<byte> bytes = stackalloc byte[32];
        for (var n = 0; n < 2000; n++)
        {
            random.NextBytes(bytes);
            var x = System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes);
            var y = System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes[16..]);
            Assert.Equal(MultiplyBitByBit(x, y), GcmHash.Multiply(x, y));
            Assert.Equal(
                MultiplyBitByBit((ulong)x, (ulong)y),
                GcmHash.CarrylessMultiplySoftware((ulong)x, (ulong)y));
        }
    }

    [Fact]
    public void The_vector_and_portable_ghash_agree()
    {
        var random = new Random(11);
        Span<byte> key = stackalloc byte[16];
        Span<byte> vector = stackalloc byte[16];
        Span<byte> portable = stackalloc byte[16];
        for (var n = 0; n < 500; n++)
        {
            random.NextBytes(key);
            var aad = new byte[random.Next(0, 40)];
            var data = new byte[random.Next(0, 300)];
            random.NextBytes(aad);
            random.NextBytes(data);
            var h = System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(key);
            GcmHash.Compute(h, aad, data, vector);
            GcmHash.ComputePortable(h, aad, data, portable);
            Assert.Equal(portable.ToArray(), vector.ToArray());
        }
    }

    /// <summary>SP 800-38D §6.3 Algorithm 1, literally: bit 0 is the most significant bit.</summary>
    private static UInt128 MultiplyBitByBit(UInt128 x, UInt128 y)
    {
        UInt128 z = 0, v = y;
        var r = (UInt128)0xE1 << 120;
        for (var i = 0; i < 128; i++)
        {
            if (((x >> (127 - i)) & 1) == 1) z ^= v;
            v = (v & 1) == 0 ? v >> 1 : (v >> 1) ^ r;
        }
        return z;
    }

    private static UInt128 MultiplyBitByBit(ulong a, ulong b)
    {
        UInt128 product = 0;
        for (var i = 0; i < 64; i++)
        {
            if (((b >> i) & 1) == 1) product ^= (UInt128)a << i;
        }
        return product;
    }
}
