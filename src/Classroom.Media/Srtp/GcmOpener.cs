// NIST SP 800-38D §7.2 (GCM authenticated decryption) for the 96-bit IVs of RFC 7714: J0 = IV || 0^31 || 1,
// T = MSB_t(E_K(J0) XOR GHASH_H(A, C)), plaintext = GCTR_K(inc32(J0), C), with H = E_K(0^128).
//
// Why not AesGcm.Decrypt: it reports a wrong tag by throwing AuthenticationTagMismatchException, and a
// participant can send a flood of packets with bad tags (each throw and catch costs far more than the
// decryption). Here the tag is checked first, in constant time, and a mismatch is a plain false.
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Classroom.Media.Srtp;

/// <summary>Verifies and decrypts AES-GCM packets in place. Never throws on the packet path; not thread-safe.</summary>
internal sealed class GcmOpener : IDisposable
{
    private const int BlockSize = 16;
    public const int NonceLength = 12;

    private readonly AesCounterMode _ctr;
    private readonly UInt128 _hashKey;
    private readonly byte[] _counter = new byte[BlockSize];
    private readonly byte[] _expectedTag = new byte[BlockSize];

    public GcmOpener(ReadOnlySpan<byte> key)
    {
        _ctr = new AesCounterMode(key);
        Span<byte> hashKey = stackalloc byte[BlockSize];
        hashKey.Clear();
        _ctr.Transform(hashKey, hashKey); // counter block 0 over a zero block: E_K(0^128)
        _hashKey = BinaryPrimitives.ReadUInt128BigEndian(hashKey);
        CryptographicOperations.ZeroMemory(hashKey);
    }

    /// <summary>
    /// Checks <paramref name="tag"/> over <paramref name="aad"/> and <paramref name="data"/>, then decrypts
    /// <paramref name="data"/> in place. Returns false, leaving <paramref name="data"/> untouched, when the tag
    /// does not match.
    /// </summary>
    public bool TryOpen(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, Span<byte> data, ReadOnlySpan<byte> tag)
    {
        if (nonce.Length != NonceLength || tag.Length is 0 or > BlockSize)
        {
            return false;
        }

        Span<byte> expected = _expectedTag;
        GcmHash.Compute(_hashKey, aad, data, expected);
        nonce.CopyTo(_counter);
        BinaryPrimitives.WriteUInt32BigEndian(_counter.AsSpan(NonceLength), 1);
        _ctr.Transform(_counter, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected[..tag.Length], tag))
        {
            return false;
        }

        // The payload's keystream starts at inc32(J0). AesCounterMode adds 1 over all 128 bits, which is
        // inc32 as long as the low 32 bits do not wrap: they start at 2 and an SRTP packet has < 2^16 blocks.
        BinaryPrimitives.WriteUInt32BigEndian(_counter.AsSpan(NonceLength), 2);
        _ctr.Transform(_counter, data);
        return true;
    }

    public void Dispose()
    {
        _ctr.Dispose();
        CryptographicOperations.ZeroMemory(_expectedTag);
    }
}
