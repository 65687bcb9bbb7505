// Mutation engine shared by the packet fuzz targets in this folder (RFC 3550 RTP/RTCP, RFC 5389 STUN,
// RFC 3711 SRTP). Inputs start from valid seeds and receive a few libFuzzer-style edits, so most of
// them get past the first checks and reach the deep paths (extension walks, padding, compound framing)
// that purely random bytes almost never reach.
using System.Buffers.Binary;

namespace Classroom.Media.Tests.Fuzz;

/// <summary>A header field worth editing on purpose: a length, a count or a flags byte.</summary>
internal readonly record struct FuzzField(int Offset, int Width);

/// <summary>A valid packet to start from, with the offsets of its framing fields.</summary>
internal sealed record FuzzSeed(string Name, byte[] Bytes, FuzzField[] Fields);

/// <summary>Deterministic mutator: the same <see cref="Random"/> seed gives the same input sequence.</summary>
internal sealed class ByteMutator(Random random)
{
    // Values that sit on boundaries of the checks the parsers make (zero, one, word multiples, the
    // RFC 8285 profiles, STUN attribute types, all-ones), so edits hit them far more often than chance.
    private static readonly ushort[] Interesting16 =
    [
        0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0008, 0x0010, 0x0014, 0x00FF, 0x0100, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF,
        0xBEDE, 0x1000, 0x100F, 0x0006, 0x0020, 0x0024, 0x0025, 0x8022, 0x8028, 0x8029, 0x802A,
    ];

    private static readonly byte[] Interesting8 = [0x00, 0x01, 0x02, 0x03, 0x04, 0x0F, 0x10, 0x1F, 0x20, 0x3F, 0x40, 0x7F, 0x80, 0x81, 0xA0, 0xC8, 0xC9, 0xCD, 0xCE, 0xFE, 0xFF];

    public Random Random => random;

    /// <summary>
    /// Copies <paramref name="seed"/> into <paramref name="buffer"/>, applies one to four edits and
    /// returns the new length (at most the buffer's). Half the inputs get exactly one edit, so they
    /// stay close to valid.
    /// </summary>
    public int Mutate(FuzzSeed seed, Span<byte> buffer)
    {
        seed.Bytes.CopyTo(buffer);
        var length = seed.Bytes.Length;
        var edits = random.Next(8) switch { < 4 => 1, < 6 => 2, 6 => 3, _ => 4 };
        for (var e = 0; e < edits; e++) length = MutateOnce(buffer, length, seed.Fields);
        return length;
    }

    /// <summary>One edit of <c>buffer[..length]</c>; returns the new length.</summary>
    public int MutateOnce(Span<byte> buffer, int length, ReadOnlySpan<FuzzField> fields)
    {
        switch (random.Next(11))
        {
            case 0: // bit flip
                if (length > 0) buffer[Position(length, fields)] ^= (byte)(1 << random.Next(8));
                return length;
            case 1: // byte set
                if (length > 0) buffer[Position(length, fields)] = random.Next(2) == 0 ? Interesting8[random.Next(Interesting8.Length)] : (byte)random.Next(256);
                return length;
            case 2: // truncate anywhere
                return random.Next(length + 1);
            case 3: // lose a short tail, as a cut datagram does
                return Math.Max(0, length - random.Next(1, 9));
            case 4: // extend with random or zero bytes
                {
                    var add = Math.Min(random.Next(1, 33), buffer.Length - length);
                    var tail = buffer.Slice(length, add);
                    if (random.Next(2) == 0) random.NextBytes(tail);
                    else tail.Clear();
                    return length + add;
                }
            case 5: // insert bytes
                {
                    var add = Math.Min(random.Next(1, 9), buffer.Length - length);
                    var at = random.Next(length + 1);
                    buffer[at..length].CopyTo(buffer[(at + add)..]);
                    random.NextBytes(buffer.Slice(at, add));
                    return length + add;
                }
            case 6: // erase bytes
                {
                    if (length == 0) return 0;
                    var at = random.Next(length);
                    var remove = Math.Min(random.Next(1, 9), length - at);
                    buffer[(at + remove)..length].CopyTo(buffer[at..]);
                    return length - remove;
                }
            case 7: // duplicate a chunk in place (a repeated attribute, extension element or sub-packet)
                {
                    if (length == 0) return 0;
                    var from = random.Next(length);
                    var size = Math.Min(Math.Min(random.Next(1, 65), length - from), buffer.Length - length);
                    Span<byte> chunk = stackalloc byte[64];
                    buffer.Slice(from, size).CopyTo(chunk);
                    var at = random.Next(length + 1);
                    buffer[at..length].CopyTo(buffer[(at + size)..]);
                    chunk[..size].CopyTo(buffer[at..]);
                    return length + size;
                }
            case 8: // padding count (RFC 3550 §5.1: the last byte) set near the boundaries
                if (length > 0) buffer[length - 1] = (byte)random.Next(0, Math.Min(length + 3, 256));
                return length;
            default: // cases 9 and 10: edit a framing field, the most telling mutation
                return EditField(buffer, length, fields);
        }
    }

    private int Position(int length, ReadOnlySpan<FuzzField> fields)
    {
        if (!fields.IsEmpty && random.Next(2) == 0)
        {
            var field = fields[random.Next(fields.Length)];
            if (field.Offset < length) return Math.Min(length - 1, field.Offset + random.Next(field.Width));
        }

        return random.Next(length);
    }

    private int EditField(Span<byte> buffer, int length, ReadOnlySpan<FuzzField> fields)
    {
        if (fields.IsEmpty) return MutateOnce(buffer, length, fields);
        var field = fields[random.Next(fields.Length)];
        if (field.Offset + field.Width > length) return length;
        if (field.Width == 1)
        {
            ref var b = ref buffer[field.Offset];
            b = random.Next(3) switch
            {
                0 => (byte)(b ^ (1 << random.Next(6))), // P, X, CC or count bits; the version bits stay
                1 => (byte)((b & 0xE0) | random.Next(32)),
                _ => (byte)(b + random.Next(-2, 3)),
            };
            return length;
        }

        var slot = buffer.Slice(field.Offset, 2);
        var value = BinaryPrimitives.ReadUInt16BigEndian(slot);
        value = random.Next(5) switch
        {
            0 => (ushort)(value + random.Next(-4, 5)),
            1 => (ushort)(value * 4),
            2 => (ushort)(value / 4),
            3 => Interesting16[random.Next(Interesting16.Length)],
            _ => (ushort)random.Next(65536),
        };
        BinaryPrimitives.WriteUInt16BigEndian(slot, value);
        return length;
    }
}

/// <summary>Failure messages that carry the input, so a broken case can be pasted into a unit test.</summary>
internal static class FuzzFailure
{
    public static void Check(bool condition, string what, int iteration, ReadOnlySpan<byte> input)
    {
        if (!condition) Assert.Fail($"input #{iteration} ({Convert.ToHexString(input)}): {what}");
    }

    public static void Throw(Exception exception, int iteration, ReadOnlySpan<byte> input) =>
        Assert.Fail($"input #{iteration} ({Convert.ToHexString(input)}) threw: {exception}");

    /// <summary>True when <paramref name="part"/> lies inside <paramref name="whole"/> (both spans of the same memory).</summary>
    public static bool Within(ReadOnlySpan<byte> whole, ReadOnlySpan<byte> part) =>
        part.IsEmpty || (whole.Overlaps(part, out var offset) && offset >= 0 && offset + part.Length <= whole.Length);
}
