using System.Buffers.Binary;

namespace Classroom.Media.Rtcp;

// A bare 32-bit SSRC as repeated in lists such as the REMB "SSRC feedback" entries.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                              SSRC                             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>One SSRC in a list.</summary>
public readonly record struct SsrcEntry(uint Ssrc) : IRtcpItem<SsrcEntry>
{
    public const int Size = 4;

    public static int WireSize => Size;

    public static SsrcEntry Read(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt32BigEndian(source));

    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
}
