using System.Buffers.Binary;

namespace Classroom.Media.Rtcp;

// RFC 3550 §6.4.2 RR: Receiver Report RTCP packet.
//
//         0                   1                   2                   3
//         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// header |V=2|P|    RC   |   PT=RR=201   |             length            |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                     SSRC of packet sender                     |
//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//        |                 RC report blocks (see ReportBlock)            |
//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//        |                  profile-specific extensions                  |

/// <summary>An RR packet; report blocks are read through the packet bytes, not copied.</summary>
public readonly ref struct ReceiverReport
{
    public const int MinSize = RtcpHeader.Size + 4;

    public uint SenderSsrc { get; init; }
    public RtcpItemList<ReportBlock> Reports { get; init; }
    /// <summary>Whatever follows the report blocks; a whole number of 32-bit words.</summary>
    public ReadOnlySpan<byte> ProfileExtensions { get; init; }

    public int MarshalSize => MinSize + Reports.ByteLength + ProfileExtensions.Length;

    public static bool TryParse(ReadOnlySpan<byte> packet, out ReceiverReport report)
    {
        report = default;
        if (!RtcpFraming.TryOpen(packet, RtcpPacketType.ReceiverReport, out var header, out var body)) return false;
        var blocksEnd = 4 + header.Count * ReportBlock.Size;
        if (body.Length < blocksEnd) return false;
        report = new ReceiverReport
        {
            SenderSsrc = BinaryPrimitives.ReadUInt32BigEndian(body),
            Reports = new RtcpItemList<ReportBlock>(body[4..blocksEnd], fromWire: true),
            ProfileExtensions = body[blocksEnd..],
        };
        return true;
    }

    public int WriteTo(Span<byte> destination)
    {
        var size = MarshalSize;
        if (Reports.Count > RtcpHeader.MaxCount || ProfileExtensions.Length % 4 != 0
            || size > RtcpFraming.MaxPacketLength || destination.Length < size)
        {
            return 0;
        }

        RtcpFraming.WriteHeader(destination, Reports.Count, RtcpPacketType.ReceiverReport, size);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], SenderSsrc);
        Reports.WriteTo(destination[MinSize..]);
        ProfileExtensions.CopyTo(destination[(MinSize + Reports.ByteLength)..]);
        return size;
    }
}
