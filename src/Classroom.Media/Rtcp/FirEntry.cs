using System.Buffers.Binary;

namespace Classroom.Media.Rtcp;

// RFC 5104 §4.3.1.1 FCI entry of a Full Intra Request.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                              SSRC                             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Seq nr.       |    Reserved                                   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>One FIR target: the media sender asked for a decoder refresh, and the command sequence number.</summary>
public readonly record struct FirEntry : IRtcpItem<FirEntry>
{
    public const int Size = 8;

    public static int WireSize => Size;

    public uint Ssrc { get; init; }
    /// <summary>Incremented by one for each new request to the same SSRC, modulo 256.</summary>
    public byte SequenceNumber { get; init; }

    /// <summary>The reserved bits are ignored on receipt (RFC 5104 §4.3.1.1).</summary>
    public static FirEntry Read(ReadOnlySpan<byte> source) => new()
    {
        Ssrc = BinaryPrimitives.ReadUInt32BigEndian(source),
        SequenceNumber = source[4],
    };

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        destination[4] = SequenceNumber;
        destination[5..8].Clear();
    }
}
