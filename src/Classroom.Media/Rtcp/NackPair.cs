using System.Buffers.Binary;

namespace Classroom.Media.Rtcp;

// RFC 4585 §6.2.1 Generic NACK FCI entry.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |            PID                |             BLP               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// PID is a lost sequence number; bit i of BLP (least significant = 0) reports PID + i + 1 lost.

/// <summary>A lost packet ID and a bitmask of the 16 packets after it.</summary>
public readonly record struct NackPair : IRtcpItem<NackPair>
{
    public const int Size = 4;

    public static int WireSize => Size;

    public ushort PacketId { get; init; }
    public ushort LostBitmask { get; init; }

    public static NackPair Read(ReadOnlySpan<byte> source) => new()
    {
        PacketId = BinaryPrimitives.ReadUInt16BigEndian(source),
        LostBitmask = BinaryPrimitives.ReadUInt16BigEndian(source[2..]),
    };

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, PacketId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], LostBitmask);
    }

    /// <summary>How many sequence numbers this pair reports lost (1 to 17).</summary>
    public int LostCount => 1 + System.Numerics.BitOperations.PopCount(LostBitmask);

    /// <summary>
    /// Packs lost sequence numbers (ascending in RTP order, wrap allowed) into as few pairs as a
    /// greedy pass gives. Returns pairs written, or -1 if <paramref name="destination"/> is too small.
    /// </summary>
    public static int Pack(ReadOnlySpan<ushort> lost, Span<NackPair> destination)
    {
        var count = 0;
        var i = 0;
        while (i < lost.Length)
        {
            if (count == destination.Length) return -1;
            var pid = lost[i++];
            ushort mask = 0;
            while (i < lost.Length)
            {
                var distance = (ushort)(lost[i] - pid);
                if (distance == 0) { i++; continue; }
                if (distance > 16) break;
                mask |= (ushort)(1 << (distance - 1));
                i++;
            }

            destination[count++] = new NackPair { PacketId = pid, LostBitmask = mask };
        }

        return count;
    }
}
