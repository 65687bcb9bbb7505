// RFC 3711 §4.1.1 (AES in Segmented Integer Counter Mode): keystream block j is
// AES(k_e, IV + j mod 2^128); the keystream is XORed onto the data.
using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace Classroom.Media.Srtp;

/// <summary>
/// AES counter-mode keystream generator built on single-block ECB encryption of counter blocks.
/// Not thread-safe; holds its scratch buffers so that <see cref="Transform"/> does not allocate.
/// </summary>
internal sealed class AesCounterMode : IDisposable
{
    private const int BlockSize = 16;
    private const int ChunkBlocks = 64;

    private readonly Aes _aes;
    private readonly ICryptoTransform _encryptor;
    private readonly byte[] _counterBlocks = new byte[BlockSize * ChunkBlocks];
    private readonly byte[] _keystream = new byte[BlockSize * ChunkBlocks];

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
#pragma warning disable CA5358 // ECB of distinct counter blocks is exactly the CTR construction of RFC 3711 §4.1.1.
        _aes.Mode = CipherMode.ECB;
#pragma warning restore CA5358
        _aes.Padding = PaddingMode.None;

        // A single reusable encryptor keeps Transform allocation-free (the one-shot EncryptEcb allocates per call).
        _encryptor = _aes.CreateEncryptor();
    }

    /// <summary>XORs the keystream that starts at counter <paramref name="iv"/> (16 bytes) onto <paramref name="data"/>.</summary>
    public void Transform(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        UInt128 counter = BinaryPrimitives.ReadUInt128BigEndian(iv);
        int offset = 0;
        while (offset < data.Length)
        {
            int remaining = data.Length - offset;
            int blocks = Math.Min(ChunkBlocks, (remaining + BlockSize - 1) / BlockSize);
            Span<byte> counters = _counterBlocks.AsSpan(0, blocks * BlockSize);
            for (int i = 0; i < blocks; i++)
            {
                BinaryPrimitives.WriteUInt128BigEndian(counters.Slice(i * BlockSize, BlockSize), counter);
                counter = unchecked(counter + 1);
            }

            _encryptor.TransformBlock(_counterBlocks, 0, counters.Length, _keystream, 0);
            Span<byte> keystream = _keystream.AsSpan(0, counters.Length);

            int count = Math.Min(remaining, keystream.Length);
            Span<byte> target = data.Slice(offset, count);
            int at = 0;
            for (; at + BlockSize <= count; at += BlockSize)
            {
                (Vector128.Create<byte>(target[at..]) ^ Vector128.Create<byte>(keystream[at..])).CopyTo(target[at..]);
            }

            for (; at < count; at++)
            {
                target[at] ^= keystream[at];
            }

            offset += count;
        }
    }

    public void Dispose()
    {
        _encryptor.Dispose();
        _aes.Dispose();
    }
}
