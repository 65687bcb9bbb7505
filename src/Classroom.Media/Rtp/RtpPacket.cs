using System.Buffers.Binary;

namespace Classroom.Media.Rtp;

// RFC 3550 §5.1 fixed header, §5.3.1 header extension; RFC 8285 one-byte (0xBEDE) and two-byte
// (0x100x) extension elements.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                           timestamp                           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           synchronization source (SSRC) identifier            |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |            contributing source (CSRC) identifiers             |
// |                             ....                              |

/// <summary>
/// Offsets into one RTP packet: where the extension block and payload are, and how much padding
/// ends it. Parsing allocates nothing; rewriting (SSRC, sequence, timestamp) happens in place.
/// </summary>
public readonly record struct RtpPacket
{
    public const int FixedHeaderLength = 12;

    public byte PayloadType { get; init; }
    public bool Marker { get; init; }
    public ushort SequenceNumber { get; init; }
    public uint Timestamp { get; init; }
    public uint Ssrc { get; init; }
    /// <summary>Start of the extension elements (after the 4-byte extension header), or -1.</summary>
    public int ExtensionOffset { get; init; }
    public int ExtensionLength { get; init; }
    /// <summary>0xBEDE (one-byte elements), 0x100x (two-byte), or another profile we skip.</summary>
    public ushort ExtensionProfile { get; init; }
    public int PayloadOffset { get; init; }
    public int PayloadLength { get; init; }
    public int PaddingLength { get; init; }

    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpPacket rtp)
    {
        rtp = default;
        if (packet.Length < FixedHeaderLength || packet[0] >> 6 != 2) return false;
        var csrcCount = packet[0] & 0x0F;
        var offset = FixedHeaderLength + 4 * csrcCount;
        if (offset > packet.Length) return false;
        int extensionOffset = -1, extensionLength = 0;
        ushort profile = 0;
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length - offset < 4) return false;
            profile = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
            extensionLength = 4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            extensionOffset = offset + 4;
            if (extensionLength > packet.Length - extensionOffset) return false;
            offset = extensionOffset + extensionLength;
        }
        var padding = 0;
        if ((packet[0] & 0x20) != 0)
        {
            padding = packet[^1];
            if (padding == 0 || padding > packet.Length - offset) return false;
        }
        rtp = new RtpPacket
        {
            Marker = (packet[1] & 0x80) != 0,
            PayloadType = (byte)(packet[1] & 0x7F),
            SequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            Timestamp = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            Ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]),
            ExtensionOffset = extensionOffset,
            ExtensionLength = extensionLength,
            ExtensionProfile = profile,
            PayloadOffset = offset,
            PayloadLength = packet.Length - offset - padding,
            PaddingLength = padding,
        };
        return true;
    }

    /// <summary>
    /// The value of header extension <paramref name="id"/> (e.g. the negotiated ids of sdes:mid or
    /// rtp-stream-id), or false. Malformed extension blocks simply yield false.
    /// </summary>
    public bool TryGetExtension(ReadOnlySpan<byte> packet, int id, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (ExtensionOffset < 0 || id <= 0) return false;
        var block = packet.Slice(ExtensionOffset, ExtensionLength);
        var oneByte = ExtensionProfile == 0xBEDE;
        var twoByte = (ExtensionProfile & 0xFFF0) == 0x1000;
        if (!oneByte && !twoByte) return false;
        var i = 0;
        while (i < block.Length)
        {
            if (block[i] == 0)
            {
                i++; // padding between elements
                continue;
            }
            int elementId, length;
            if (oneByte)
            {
                elementId = block[i] >> 4;
                if (elementId == 15) return false; // reserved: stop processing (RFC 8285 §4.2)
                length = (block[i] & 0x0F) + 1;
                i++;
            }
            else
            {
                if (i + 1 >= block.Length) return false;
                elementId = block[i];
                length = block[i + 1];
                i += 2;
            }
            if (length > block.Length - i) return false;
            if (elementId == id)
            {
                value = block.Slice(i, length);
                return true;
            }
            i += length;
        }
        return false;
    }

    public static void SetSsrc(Span<byte> packet, uint ssrc) => BinaryPrimitives.WriteUInt32BigEndian(packet[8..], ssrc);

    public static void SetSequenceNumber(Span<byte> packet, ushort sequence) => BinaryPrimitives.WriteUInt16BigEndian(packet[2..], sequence);

    public static void SetTimestamp(Span<byte> packet, uint timestamp) => BinaryPrimitives.WriteUInt32BigEndian(packet[4..], timestamp);

    public static void SetPayloadType(Span<byte> packet, byte payloadType) => packet[1] = (byte)((packet[1] & 0x80) | (payloadType & 0x7F));
}
