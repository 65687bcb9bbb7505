using System.Buffers.Binary;
using System.Text;

namespace Classroom.Testing.Media;

/// <summary>
/// Plaintext RTP packets as browsers send them, for tests and the bench: plain numbered packets,
/// and VP8 packets of simulcast layers with the sdes:mid and rtp-stream-id header extensions
/// (RFC 8285 one-byte elements, RFC 8852) and a full VP8 payload descriptor (RFC 7741 §4.2).
/// </summary>
public static class RtpPackets
{
    /// <summary>Chromium's ids for sdes:mid and sdes:rtp-stream-id (also what <see cref="SyntheticSdp"/> offers).</summary>
    public const byte MidId = 4;
    public const byte RidId = 10;

    /// <summary>Sends <paramref name="count"/> packets numbered from <paramref name="first"/> (timestamps 960 apart, as 20 ms of Opus).</summary>
    public static void Send(SyntheticPeer peer, uint ssrc, byte payloadType, ushort first, int count, int payload = 160)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var packet = new byte[12 + payload];
        packet[0] = 0x80;
        packet[1] = payloadType;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(first + i));
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)((first + i) * 960));
            if (!peer.SendRtp(packet)) throw new InvalidOperationException("The synthetic peer is not connected.");
        }
    }

    /// <summary>
    /// One VP8 packet: descriptor with S set, 15-bit picture id, TL0PICIDX and TID; when
    /// <paramref name="start"/> it begins a frame, and the payload header's P bit says whether it is a
    /// key frame. <paramref name="mid"/> and <paramref name="rid"/> go into a header extension block;
    /// the payload after the headers is filled with <paramref name="fill"/>.
    /// </summary>
    public static byte[] Vp8(uint ssrc, ushort sequence, uint timestamp, int pictureId, byte tl0PicIdx, bool keyFrame,
        byte payloadType = 96, string? mid = null, string? rid = null, int tid = 0, bool start = true, bool marker = true, int fill = 0xAB, int payload = 100)
    {
        var extensions = new List<byte>();
        if (mid is not null) Element(extensions, MidId, mid);
        if (rid is not null) Element(extensions, RidId, rid);
        while (extensions.Count % 4 != 0) extensions.Add(0);
        var header = 12 + (extensions.Count > 0 ? 4 + extensions.Count : 0);
        var packet = new byte[header + 6 + 3 + payload];
        packet[0] = (byte)(extensions.Count > 0 ? 0x90 : 0x80);
        packet[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        if (extensions.Count > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), (ushort)(extensions.Count / 4));
            extensions.CopyTo(packet, 16);
        }
        var d = packet.AsSpan(header);
        d[0] = (byte)(0x80 | (start ? 0x10 : 0)); // X, S, partition 0
        d[1] = 0xE0; // I, L, T
        d[2] = (byte)(0x80 | (pictureId >> 8 & 0x7F));
        d[3] = (byte)pictureId;
        d[4] = tl0PicIdx;
        d[5] = (byte)(tid << 6);
        d[6] = (byte)(keyFrame ? 0x10 : 0x11); // size0, show_frame, P (0: key frame)
        d[7] = 0x02;
        d[8] = 0x00;
        d[9..].Fill((byte)fill);
        return packet;
    }

    private static void Element(List<byte> block, byte id, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        block.Add((byte)(id << 4 | (bytes.Length - 1)));
        block.AddRange(bytes);
    }
}
