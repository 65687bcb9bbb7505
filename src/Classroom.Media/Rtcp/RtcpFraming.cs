using System.Buffers.Binary;

namespace Classroom.Media.Rtcp;

/// <summary>
/// Checks shared by every single-packet parser: version, exact length, padding (RFC 3550 §6.4.1)
/// and the feedback common part (RFC 4585 §6.1).
/// </summary>
internal static class RtcpFraming
{
    public const int FeedbackHeaderSize = RtcpHeader.Size + 8;

    /// <summary>
    /// Accepts <paramref name="packet"/> only if it is exactly one packet of <paramref name="packetType"/>;
    /// <paramref name="body"/> is what follows the header with any padding removed.
    /// </summary>
    public static bool TryOpen(ReadOnlySpan<byte> packet, byte packetType, out RtcpHeader header, out ReadOnlySpan<byte> body)
    {
        body = default;
        if (!RtcpHeader.TryParse(packet, out header)
            || header.PacketType != packetType
            || header.PacketLength != packet.Length)
        {
            return false;
        }

        var end = packet.Length;
        if (header.Padding)
        {
            int padding = packet[^1];
            if (padding == 0 || padding > packet.Length - RtcpHeader.Size) return false;
            end -= padding;
        }

        body = packet[RtcpHeader.Size..end];
        return true;
    }

    /// <summary>RFC 4585 §6.1: header with the given PT and FMT, sender SSRC, media SSRC, then FCI.</summary>
    public static bool TryOpenFeedback(
        ReadOnlySpan<byte> packet, byte packetType, byte format, out uint senderSsrc, out uint mediaSsrc, out ReadOnlySpan<byte> fci)
    {
        senderSsrc = 0;
        mediaSsrc = 0;
        fci = default;
        if (!TryOpen(packet, packetType, out var header, out var body) || header.Count != format || body.Length < 8) return false;
        senderSsrc = BinaryPrimitives.ReadUInt32BigEndian(body);
        mediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        fci = body[8..];
        return true;
    }

    /// <summary>Writes a header for a packet of <paramref name="totalLength"/> bytes (a multiple of four).</summary>
    public static void WriteHeader(Span<byte> destination, int count, byte packetType, int totalLength)
    {
        new RtcpHeader { Count = (byte)count, PacketType = packetType, Length = (ushort)(totalLength / 4 - 1) }.WriteTo(destination);
    }

    public static void WriteFeedbackHeader(Span<byte> destination, byte format, byte packetType, int totalLength, uint senderSsrc, uint mediaSsrc)
    {
        WriteHeader(destination, format, packetType, totalLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSsrc);
    }

    /// <summary>Largest packet the 16-bit length field can describe.</summary>
    public const int MaxPacketLength = 65536 * 4;
}
