// GHASH (NIST SP 800-38D §6.4) with PCLMULQDQ on 128-bit vectors: the method of GcmHash.Multiply, with
// the 128-bit shifts done as two 64-bit lanes plus a lane move, so a block costs a few dozen
// instructions. Used on the packet path of every AES-GCM SRTP packet the relay receives.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Classroom.Media.Srtp;

/// <summary>GHASH with x86 carry-less multiplication; vectors hold reflected blocks (lane 0 = low 64 bits).</summary>
internal static class GcmHashX86
{
    private const int BlockSize = 16;

    public static bool IsSupported => Pclmulqdq.IsSupported && Ssse3.IsSupported;

    /// <summary>Reverses the 16 bytes: a block as stored becomes the big-endian integer it stands for, and back.</summary>
    private static readonly Vector128<byte> ByteReverse = Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

    public static void Compute(UInt128 hashKey, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext, Span<byte> result)
    {
        Vector128<ulong> h = Vector128.Create((ulong)hashKey, (ulong)(hashKey >> 64));
        Vector128<ulong> state = Absorb(Vector128<ulong>.Zero, h, aad);
        state = Absorb(state, h, ciphertext);
        Vector128<ulong> lengths = Vector128.Create((ulong)ciphertext.Length * 8, (ulong)aad.Length * 8);
        state = Multiply(state ^ lengths, h);
        Ssse3.Shuffle(state.AsByte(), ByteReverse).CopyTo(result);
    }

    private static Vector128<ulong> Absorb(Vector128<ulong> state, Vector128<ulong> h, ReadOnlySpan<byte> data)
    {
        int whole = data.Length & ~(BlockSize - 1);
        for (int offset = 0; offset < whole; offset += BlockSize)
        {
            state = Multiply(state ^ Load(data.Slice(offset, BlockSize)), h);
        }

        if (whole < data.Length)
        {
            Span<byte> last = stackalloc byte[BlockSize];
            last.Clear();
            data[whole..].CopyTo(last);
            state = Multiply(state ^ Load(last), h);
        }

        return state;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Load(ReadOnlySpan<byte> block) => Ssse3.Shuffle(Vector128.Create(block), ByteReverse).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Multiply(Vector128<ulong> x, Vector128<ulong> y)
    {
        Vector128<ulong> low = Pclmulqdq.CarrylessMultiply(x, y, 0x00);
        Vector128<ulong> high = Pclmulqdq.CarrylessMultiply(x, y, 0x11);
        Vector128<ulong> middle = Pclmulqdq.CarrylessMultiply(x, y, 0x01) ^ Pclmulqdq.CarrylessMultiply(x, y, 0x10);
        low ^= Sse2.ShiftLeftLogical128BitLane(middle, 8);
        high ^= Sse2.ShiftRightLogical128BitLane(middle, 8);

        // [high:low] << 1 over 256 bits: each lane's top bit moves into the next lane's bit 0.
        Vector128<ulong> lowCarry = Sse2.ShiftRightLogical(low, 63);
        Vector128<ulong> highCarry = Sse2.ShiftRightLogical(high, 63);
        Vector128<ulong> w = Sse2.ShiftLeftLogical(low, 1) | Sse2.ShiftLeftLogical128BitLane(lowCarry, 8);
        Vector128<ulong> reflectedLow = Sse2.ShiftLeftLogical(high, 1) | Sse2.ShiftLeftLogical128BitLane(highCarry, 8)
            | Sse2.ShiftRightLogical128BitLane(lowCarry, 8);

        // W ^ (W << 127) ^ (W << 126) ^ (W << 121): only lane 0's lowest bits reach lane 1's top.
        Vector128<ulong> both = w ^ Sse2.ShiftLeftLogical128BitLane(
            Sse2.ShiftLeftLogical(w, 63) ^ Sse2.ShiftLeftLogical(w, 62) ^ Sse2.ShiftLeftLogical(w, 57), 8);
        // (both >> 1) ^ (both >> 2) ^ (both >> 7) over 128 bits: per lane, plus what lane 1 passes down to lane 0.
        Vector128<ulong> shifted = Sse2.ShiftRightLogical(both, 1) ^ Sse2.ShiftRightLogical(both, 2) ^ Sse2.ShiftRightLogical(both, 7);
        Vector128<ulong> passedDown = Sse2.ShiftLeftLogical(both, 63) ^ Sse2.ShiftLeftLogical(both, 62) ^ Sse2.ShiftLeftLogical(both, 57);
        return reflectedLow ^ both ^ shifted ^ Sse2.ShiftRightLogical128BitLane(passedDown, 8);
    }
}
