// Test helpers: RTP (RFC 3550 §5.1) and RTCP (RFC 3550 §6.4.1) packet builders for the SRTP tests.
using System.Buffers.Binary;

namespace Classroom.Media.Tests.Srtp;

internal static class SrtpTestPackets
{
    /// <summary>libsrtp reference test key/salt (same as RFC 3711 Appendix B.3).</summary>
    public static readonly byte[] CmMasterKey = Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139");
    public static readonly byte[] CmMasterSalt = Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6");

    public static byte[] BuildRtp(ushort sequenceNumber, uint ssrc, int payloadLength, int capacity = 1600, byte fill = 0xAB)
    {
        byte[] buffer = new byte[capacity];
        buffer[0] = 0x80;
        buffer[1] = 0x0F;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), 0xDECAFBAD);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), ssrc);
        buffer.AsSpan(12, payloadLength).Fill(fill);
        return buffer;
    }

    public static byte[] BuildRtcp(uint ssrc, int bodyLength, int capacity = 1600)
    {
        byte[] buffer = new byte[capacity];
        buffer[0] = 0x81;
        buffer[1] = 0xC8;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)(((8 + bodyLength) / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), ssrc);
        buffer.AsSpan(8, bodyLength).Fill(0xAB);
        return buffer;
    }
}
