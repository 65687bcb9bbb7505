// RFC 3550 §5.1 (RTP fixed header, CSRC list, §5.3.1 header extension) and §6.4.1 (RTCP SR header),
// as needed by RFC 3711 §3.1 (the header stays in the clear; encryption starts after it).
using System.Buffers.Binary;

namespace Classroom.Media.Srtp;

/// <summary>Minimal, non-throwing RTP/RTCP header inspection used by the SRTP transforms.</summary>
internal static class RtpHeader
{
    public const int FixedLength = 12;
    public const int RtcpFixedLength = 8;
    private const int Version = 2;

    /// <summary>
    /// Computes the length of the RTP header (fixed part, CSRCs and extension). False when the packet
    /// is not version 2 or the header does not fit in <paramref name="packet"/>.
    /// </summary>
    public static bool TryGetLength(ReadOnlySpan<byte> packet, out int headerLength)
    {
        headerLength = 0;
        if (packet.Length < FixedLength || (packet[0] >> 6) != Version)
        {
            return false;
        }

        int length = FixedLength + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (length + 4 > packet.Length)
            {
                return false;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(length + 2, 2)));
        }

        if (length > packet.Length)
        {
            return false;
        }

        headerLength = length;
        return true;
    }

    public static ushort SequenceNumber(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2, 2));

    public static uint Ssrc(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8, 4));

    /// <summary>True when <paramref name="packet"/> starts with an RTCP version-2 header and sender SSRC.</summary>
    public static bool IsRtcp(ReadOnlySpan<byte> packet) => packet.Length >= RtcpFixedLength && (packet[0] >> 6) == Version;

    public static uint RtcpSsrc(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4, 4));
}
