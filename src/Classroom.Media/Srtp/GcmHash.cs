// NIST SP 800-38D §6.3-§6.4 (multiplication in GF(2^128) and GHASH) and §7.2 (the input of GHASH for
// GCM: A padded to a block, C padded to a block, then [len(A)]64 || [len(C)]64 in bits).
//
// Representation: a block is read as a big-endian 128-bit integer, so the coefficient of x^i sits at
// bit 127 - i (GCM numbers bits from the most significant bit of the first byte). In that "reflected"
// form, multiplying by x is a right shift. A carry-less product of two reflected values is the
// reflection of the polynomial product over 255 bits; one left shift makes it a 256-bit reflection,
// whose high half is the product's low 128 coefficients and whose low half is its high ones, which
// fold back with x^128 = x^7 + x^2 + x + 1.
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ArmAes = System.Runtime.Intrinsics.Arm.Aes;
using X86Pclmul = System.Runtime.Intrinsics.X86.Pclmulqdq;

namespace Classroom.Media.Srtp;

/// <summary>GHASH under one hash subkey H, without allocation and without exceptions.</summary>
internal static class GcmHash
{
    private const int BlockSize = 16;

    /// <summary>GHASH_H(A, C) as in SP 800-38D §7.2, written big-endian into <paramref name="result"/> (16 bytes).</summary>
    public static void Compute(UInt128 hashKey, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext, Span<byte> result)
    {
        if (GcmHashX86.IsSupported)
        {
            GcmHashX86.Compute(hashKey, aad, ciphertext, result);
            return;
        }

        ComputePortable(hashKey, aad, ciphertext, result);
    }

    /// <summary>The same on any CPU, 128-bit integers and <see cref="Multiply"/>; the reference for the vector version.</summary>
    internal static void ComputePortable(UInt128 hashKey, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext, Span<byte> result)
    {
        UInt128 state = Absorb(UInt128.Zero, hashKey, aad);
        state = Absorb(state, hashKey, ciphertext);
        UInt128 lengths = ((UInt128)((ulong)aad.Length * 8) << 64) | (ulong)ciphertext.Length * 8;
        state = Multiply(state ^ lengths, hashKey);
        BinaryPrimitives.WriteUInt128BigEndian(result, state);
    }

    /// <summary>Folds <paramref name="data"/>, zero-padded to whole blocks, into the running GHASH state.</summary>
    private static UInt128 Absorb(UInt128 state, UInt128 hashKey, ReadOnlySpan<byte> data)
    {
        int whole = data.Length & ~(BlockSize - 1);
        for (int offset = 0; offset < whole; offset += BlockSize)
        {
            state = Multiply(state ^ BinaryPrimitives.ReadUInt128BigEndian(data.Slice(offset, BlockSize)), hashKey);
        }

        if (whole < data.Length)
        {
            Span<byte> last = stackalloc byte[BlockSize];
            last.Clear();
            data[whole..].CopyTo(last);
            state = Multiply(state ^ BinaryPrimitives.ReadUInt128BigEndian(last), hashKey);
        }

        return state;
    }

    /// <summary>X • Y in GF(2^128) with the GCM polynomial, both operands and the result in reflected form.</summary>
    public static UInt128 Multiply(UInt128 x, UInt128 y)
    {
        ulong x1 = (ulong)(x >> 64), x0 = (ulong)x;
        ulong y1 = (ulong)(y >> 64), y0 = (ulong)y;
        UInt128 low = CarrylessMultiply(x0, y0);
        UInt128 high = CarrylessMultiply(x1, y1);
        UInt128 middle = CarrylessMultiply(x0, y1) ^ CarrylessMultiply(x1, y0);
        high ^= middle >> 64;
        low ^= middle << 64;

        // The 255-bit reflected product, shifted left once to become the 256-bit reflection.
        UInt128 reflectedLow = (high << 1) | (low >> 127);
        UInt128 reflectedHigh = low << 1;

        // reflectedHigh holds the coefficients of x^128..x^255 (as W). Multiplying W by x^k shifts it
        // right by k; the bits pushed out are coefficients at x^128 and above, folded once more.
        // Both folds at once: shifts are linear, so (W ^ O) • g covers W • g and O • g.
        UInt128 w = reflectedHigh;
        UInt128 both = w ^ (w << 127) ^ (w << 126) ^ (w << 121);
        return reflectedLow ^ both ^ (both >> 1) ^ (both >> 2) ^ (both >> 7);
    }

    /// <summary>The 128-bit carry-less product of two 64-bit values (hardware when the CPU has it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static UInt128 CarrylessMultiply(ulong a, ulong b)
    {
        if (X86Pclmul.IsSupported)
        {
            Vector128<ulong> product = X86Pclmul.CarrylessMultiply(Vector128.CreateScalar(a), Vector128.CreateScalar(b), 0x00);
            return new UInt128(product.GetElement(1), product.GetElement(0));
        }

        if (ArmAes.IsSupported)
        {
            Vector128<ulong> product = ArmAes.PolynomialMultiplyWideningLower(Vector64.Create(a), Vector64.Create(b));
            return new UInt128(product.GetElement(1), product.GetElement(0));
        }

        return CarrylessMultiplySoftware(a, b);
    }

    /// <summary>The portable carry-less product (shift and XOR); also the reference the tests compare against.</summary>
    internal static UInt128 CarrylessMultiplySoftware(ulong a, ulong b)
    {
        UInt128 product = UInt128.Zero;
        UInt128 shifted = a;
        for (int bit = 0; bit < 64; bit++)
        {
            // Branch-free: the mask is all ones when this bit of b is set (no timing depends on the key).
            UInt128 mask = UInt128.Zero - (UInt128)((b >> bit) & 1);
            product ^= shifted & mask;
            shifted <<= 1;
        }

        return product;
    }
}
