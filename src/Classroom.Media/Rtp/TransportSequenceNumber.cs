using System.Buffers.Binary;

namespace Classroom.Media.Rtp;

// draft-holmer-rmcat-transport-wide-cc-extensions-01 §2: the transport-wide sequence number, an RFC
// 8285 header extension element with 2 bytes of data, counting every RTP packet the relay sends on
// one transport whatever its SSRC. It is per subscriber, so the relay writes it while copying a packet
// into that subscriber's outgoing datagram: it overwrites the element when the packet carries one (a
// publisher's own number, renumbered to the relay's id) and inserts it when the packet has none.
//
// One-byte header form (RFC 8285 §4.2), with the element inserted at the end of the block:
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |       0xBE    |    0xDE       |           length=N            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// :  the packet's own elements (and their padding)                :
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  ID=3 | L=1   |  transport-wide sequence nr   |  0 (padding)  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>Copies an RTP packet with the transport-wide sequence number element set.</summary>
public static class TransportSequenceNumber
{
    /// <summary>The most a stamp adds: a new extension header and one padded element.</summary>
    public const int MaxGrowth = 8;

    /// <summary>
    /// Copies <paramref name="packet"/> into <paramref name="destination"/> with element
    /// <paramref name="id"/> = <paramref name="sequence"/>. Returns the copy's length, or the plain copy's
    /// length when the packet cannot take the element (two-byte extension form, malformed); 0 when the
    /// destination is too small.
    /// </summary>
    public static int CopyStamped(ReadOnlySpan<byte> packet, Span<byte> destination, byte id, ushort sequence, out bool stamped)
    {
        stamped = false;
        if (destination.Length < packet.Length + MaxGrowth) return 0;
        if (!RtpPacket.TryParse(packet, out var rtp) || id is < 1 or > 14 || (rtp.ExtensionOffset >= 0 && rtp.ExtensionProfile != 0xBEDE))
        {
            packet.CopyTo(destination);
            return packet.Length;
        }
        var at = rtp.ExtensionOffset >= 0 ? FindElement(packet.Slice(rtp.ExtensionOffset, rtp.ExtensionLength), id) : -1;
        if (at == -2)
        {
            packet.CopyTo(destination); // the id is taken by an element of another size: leave the packet alone
            return packet.Length;
        }
        if (at >= 0)
        {
            packet.CopyTo(destination);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(rtp.ExtensionOffset + at)..], sequence);
            stamped = true;
            return packet.Length;
        }

        var headerEnd = rtp.ExtensionOffset >= 0 ? rtp.ExtensionOffset - 4 : rtp.PayloadOffset; // fixed header + CSRCs
        var elements = rtp.ExtensionOffset >= 0 ? UsedLength(packet.Slice(rtp.ExtensionOffset, rtp.ExtensionLength)) : 0;
        var blockLength = (elements + 3 + 3) / 4 * 4;
        var offset = 0;
        packet[..headerEnd].CopyTo(destination);
        destination[0] |= 0x10;
        offset = headerEnd;
        destination[offset++] = 0xBE;
        destination[offset++] = 0xDE;
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)(blockLength / 4));
        offset += 2;
        if (elements > 0) packet.Slice(rtp.ExtensionOffset, elements).CopyTo(destination[offset..]);
        offset += elements;
        destination[offset++] = (byte)(id << 4 | 1);
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], sequence);
        offset += 2;
        var blockEnd = headerEnd + 4 + blockLength;
        destination[offset..blockEnd].Clear();
        var rest = packet[rtp.PayloadOffset..];
        rest.CopyTo(destination[blockEnd..]);
        stamped = true;
        return blockEnd + rest.Length;
    }

    /// <summary>Offset of the data of element <paramref name="id"/> in a one-byte block; -1 when absent, -2 when not 2 bytes long.</summary>
    private static int FindElement(ReadOnlySpan<byte> block, byte id)
    {
        var i = 0;
        while (i < block.Length)
        {
            if (block[i] == 0)
            {
                i++;
                continue;
            }
            var elementId = block[i] >> 4;
            if (elementId == 15) return -1;
            var length = (block[i] & 0x0F) + 1;
            if (i + 1 + length > block.Length) return -1;
            if (elementId == id) return length == 2 ? i + 1 : -2;
            i += 1 + length;
        }
        return -1;
    }

    /// <summary>Bytes of a one-byte block up to the end of its last element (trailing padding dropped).</summary>
    private static int UsedLength(ReadOnlySpan<byte> block)
    {
        int i = 0, used = 0;
        while (i < block.Length)
        {
            if (block[i] == 0)
            {
                i++;
                continue;
            }
            if (block[i] >> 4 == 15) break;
            var length = (block[i] & 0x0F) + 1;
            if (i + 1 + length > block.Length) break;
            i += 1 + length;
            used = i;
        }
        return used;
    }
}
