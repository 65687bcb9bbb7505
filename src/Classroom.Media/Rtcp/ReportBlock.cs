using System.Buffers.Binary;

namespace Classroom.Media.Rtcp;

// RFC 3550 §6.4.1 reception report block, carried by SR and RR.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |                 SSRC_1 (SSRC of first source)                 |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | fraction lost |       cumulative number of packets lost       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           extended highest sequence number received           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      interarrival jitter                      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                         last SR (LSR)                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                   delay since last SR (DLSR)                  |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+

/// <summary>One reception report block (24 bytes).</summary>
public readonly record struct ReportBlock : IRtcpItem<ReportBlock>
{
    public const int Size = 24;
    /// <summary>Cumulative loss is a signed 24-bit field; RFC 3550 §6.4.1 says to clamp to it.</summary>
    public const int MaxCumulativeLost = 0x7FFFFF;
    public const int MinCumulativeLost = -0x800000;

    public static int WireSize => Size;

    public uint Ssrc { get; init; }
    /// <summary>Fraction lost since the last report, as a fixed-point number with the point at the left.</summary>
    public byte FractionLost { get; init; }
    /// <summary>Signed: duplicates can make it negative.</summary>
    public int CumulativeLost { get; init; }
    public uint ExtendedHighestSequence { get; init; }
    public uint Jitter { get; init; }
    /// <summary>Middle 32 bits of the NTP timestamp of the last SR received.</summary>
    public uint LastSenderReport { get; init; }
    /// <summary>In units of 1/65536 seconds.</summary>
    public uint DelaySinceLastSenderReport { get; init; }

    public static ReportBlock Read(ReadOnlySpan<byte> source)
    {
        var lost = (int)(BinaryPrimitives.ReadUInt32BigEndian(source[4..]) << 8) >> 8; // sign-extend 24 bits
        return new ReportBlock
        {
            Ssrc = BinaryPrimitives.ReadUInt32BigEndian(source),
            FractionLost = source[4],
            CumulativeLost = lost,
            ExtendedHighestSequence = BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
            Jitter = BinaryPrimitives.ReadUInt32BigEndian(source[12..]),
            LastSenderReport = BinaryPrimitives.ReadUInt32BigEndian(source[16..]),
            DelaySinceLastSenderReport = BinaryPrimitives.ReadUInt32BigEndian(source[20..]),
        };
    }

    public void Write(Span<byte> destination)
    {
        var lost = Math.Clamp(CumulativeLost, MinCumulativeLost, MaxCumulativeLost);
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)FractionLost << 24 | ((uint)lost & 0xFFFFFF));
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
    }
}
