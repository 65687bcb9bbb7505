using System.Buffers.Binary;

namespace Classroom.Media.Rtcp;

// RFC 3550 §6.4.1 common header shared by every RTCP packet; RFC 4585 §6.1 reuses the count field
// as the feedback message type (FMT).
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|  RC/FMT |      PT       |             length            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// length: the packet length in 32-bit words minus one, header and padding included.

/// <summary>The four-byte header that starts every RTCP packet.</summary>
public readonly record struct RtcpHeader
{
    public const int Size = 4;
    public const int Version = 2;
    public const int MaxCount = 31;

    /// <summary>P bit: the packet ends with padding whose last octet is the padding count.</summary>
    public bool Padding { get; init; }
    /// <summary>Reception report count (SR/RR), source count (SDES/BYE) or feedback FMT.</summary>
    public byte Count { get; init; }
    public byte PacketType { get; init; }
    /// <summary>The wire length field: 32-bit words minus one.</summary>
    public ushort Length { get; init; }

    /// <summary>Total bytes of the packet this header announces.</summary>
    public int PacketLength => (Length + 1) * 4;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Every RTCP message exposes MarshalSize on the instance.")]
    public int MarshalSize => Size;

    /// <summary>Decodes the first four bytes; the rest of <paramref name="source"/> is not looked at.</summary>
    public static bool TryParse(ReadOnlySpan<byte> source, out RtcpHeader header)
    {
        header = default;
        if (source.Length < Size || source[0] >> 6 != Version) return false;
        header = new RtcpHeader
        {
            Padding = (source[0] & 0x20) != 0,
            Count = (byte)(source[0] & 0x1F),
            PacketType = source[1],
            Length = BinaryPrimitives.ReadUInt16BigEndian(source[2..]),
        };
        return true;
    }

    public int WriteTo(Span<byte> destination)
    {
        if (destination.Length < Size || Count > MaxCount) return 0;
        destination[0] = (byte)(Version << 6 | (Padding ? 0x20 : 0) | Count);
        destination[1] = PacketType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Length);
        return Size;
    }
}
