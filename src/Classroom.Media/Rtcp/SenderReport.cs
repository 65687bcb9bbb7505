using System.Buffers.Binary;

namespace Classroom.Media.Rtcp;

// RFC 3550 §6.4.1 SR: Sender Report RTCP packet.
//
//         0                   1                   2                   3
//         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// header |V=2|P|    RC   |   PT=SR=200   |             length            |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                         SSRC of sender                        |
//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// sender |              NTP timestamp, most significant word             |
// info   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |             NTP timestamp, least significant word             |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                         RTP timestamp                         |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                     sender's packet count                     |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                      sender's octet count                     |
//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//        |                 RC report blocks (see ReportBlock)            |
//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//        |                  profile-specific extensions                  |

/// <summary>An SR packet; report blocks are read through the packet bytes, not copied.</summary>
public readonly ref struct SenderReport
{
    public const int MinSize = RtcpHeader.Size + 24;

    public uint SenderSsrc { get; init; }
    /// <summary>64-bit NTP timestamp: seconds in the high word, fraction in the low word.</summary>
    public ulong NtpTimestamp { get; init; }
    public uint RtpTimestamp { get; init; }
    public uint PacketCount { get; init; }
    public uint OctetCount { get; init; }
    public RtcpItemList<ReportBlock> Reports { get; init; }
    /// <summary>Whatever follows the report blocks; a whole number of 32-bit words.</summary>
    public ReadOnlySpan<byte> ProfileExtensions { get; init; }

    public int MarshalSize => MinSize + Reports.ByteLength + ProfileExtensions.Length;

    public static bool TryParse(ReadOnlySpan<byte> packet, out SenderReport report)
    {
        report = default;
        if (!RtcpFraming.TryOpen(packet, RtcpPacketType.SenderReport, out var header, out var body)) return false;
        var blocksEnd = 24 + header.Count * ReportBlock.Size;
        if (body.Length < blocksEnd) return false;
        report = new SenderReport
        {
            SenderSsrc = BinaryPrimitives.ReadUInt32BigEndian(body),
            NtpTimestamp = BinaryPrimitives.ReadUInt64BigEndian(body[4..]),
            RtpTimestamp = BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
            PacketCount = BinaryPrimitives.ReadUInt32BigEndian(body[16..]),
            OctetCount = BinaryPrimitives.ReadUInt32BigEndian(body[20..]),
            Reports = new RtcpItemList<ReportBlock>(body[24..blocksEnd], fromWire: true),
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

        RtcpFraming.WriteHeader(destination, Reports.Count, RtcpPacketType.SenderReport, size);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], SenderSsrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], OctetCount);
        Reports.WriteTo(destination[MinSize..]);
        ProfileExtensions.CopyTo(destination[(MinSize + Reports.ByteLength)..]);
        return size;
    }
}
