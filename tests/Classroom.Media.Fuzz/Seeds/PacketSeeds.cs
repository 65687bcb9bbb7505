// Seeds for the packet targets, shaped as the browsers send them: Chromium's extension ids from
// /work/shared/testdata (audio level 1, abs-send-time 2, transport-cc 3, mid 4, rid 10), the
// compound RTCP a receiver sends (RR + REMB, RR + NACK + PLI), and SRTP under both profiles
// protected with the target's fixed keys.
using System.Buffers.Binary;
using System.Text;
using Classroom.Media.Fuzz.Targets;
using Classroom.Media.Srtp;
using Classroom.Media.Stun;

namespace Classroom.Media.Fuzz.Seeds;

public static class PacketSeeds
{
    private static readonly byte[] Transaction = Convert.FromHexString("b7e7a701bc34d686fa87dfae");

    public static IEnumerable<byte[]> Stun()
    {
        var buffer = new byte[512];
        var username = Encoding.ASCII.GetBytes(StunTarget.Local.Ufrag + ":" + StunTarget.RemoteUfrag);
        foreach (var nominate in new[] { false, true })
        {
            var length = StunWriter.WriteBindingRequest(buffer, Transaction, username, StunTarget.Local.PasswordBytes, nominate, 0x0123456789ABCDEF);
            yield return buffer[..length];
        }

        // Signed with the wrong password, and for another ufrag: parsed, then refused.
        var wrong = StunWriter.WriteBindingRequest(buffer, Transaction, "xxxx:brws"u8, "not-the-password-at-all!"u8, true, 1);
        yield return buffer[..wrong];
        var success = StunWriter.WriteBindingSuccess(buffer, Transaction, [10, 201, 0, 2], 50000, StunTarget.Local.PasswordBytes);
        yield return buffer[..success];
        var success6 = StunWriter.WriteBindingSuccess(buffer, Transaction, [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 50000, StunTarget.Local.PasswordBytes);
        yield return buffer[..success6];
    }

    public static IEnumerable<byte[]> Rtp()
    {
        byte[] payload = [0x90, 0x80, 0x12, 0x34, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01];
        // Video with mid, rid and abs-send-time (one-byte elements), as a simulcast layer.
        yield return Packet(0x96, [.. OneByte(4, "0"u8), .. OneByte(10, "q"u8), .. OneByte(2, [0x12, 0x34, 0x56]), .. OneByte(3, [0x00, 0x07])], 0xBEDE, payload, 0, 0);
        // Audio with audio level and a padding element, marker set.
        yield return Packet(0x80 | 111, [.. OneByte(1, [0x9f]), 0, 0], 0xBEDE, [0xfc, 0xff, 0xfe], 0, 0);
        // Two-byte elements (extmap-allow-mixed): a long mid and an element of length 0.
        yield return Packet(0x60, [4, 20, .. Enumerable.Repeat((byte)'m', 20), 7, 0], 0x1000, payload, 0, 0);
        // No extension, two CSRCs, padding of 4.
        yield return Packet(0x60, null, 0, payload, 2, 4);
    }

    private static byte[] OneByte(int id, ReadOnlySpan<byte> value) => [(byte)((id << 4) | (value.Length - 1)), .. value];

    private static byte[] Packet(int markerAndType, byte[]? extension, ushort profile, byte[] payload, int csrcs, int padding)
    {
        var packet = new List<byte>
        {
            (byte)(0x80 | (padding > 0 ? 0x20 : 0) | (extension is null ? 0 : 0x10) | csrcs),
            (byte)markerAndType, 0x1a, 0x2b, 0x00, 0x01, 0xe2, 0x40, 0xca, 0xfe, 0xba, 0xbe,
        };
        for (var i = 0; i < csrcs; i++) packet.AddRange([0, 0, 0x10, (byte)i]);
        if (extension is not null)
        {
            var words = (extension.Length + 3) / 4;
            packet.AddRange([(byte)(profile >> 8), (byte)profile, (byte)(words >> 8), (byte)words]);
            packet.AddRange(extension);
            packet.AddRange(new byte[words * 4 - extension.Length]);
        }

        packet.AddRange(payload);
        if (padding > 0) packet.AddRange([.. new byte[padding - 1], (byte)padding]);
        return [.. packet];
    }

    public static IEnumerable<byte[]> Rtcp()
    {
        const uint sender = 0x11111111, media = 0xcafebabe;
        var block = new byte[24];
        BinaryPrimitives.WriteUInt32BigEndian(block, media);
        block[4] = 0x10; // fraction lost
        block[7] = 0x03; // cumulative lost 3
        BinaryPrimitives.WriteUInt32BigEndian(block.AsSpan(8), 0x0001_1a2b);
        var rr = Rtcp(1, 201, [.. U32(sender), .. block]);
        var sr = Rtcp(1, 200, [.. U32(media), .. new byte[] { 0xe8, 0, 0, 0, 0, 0, 0, 0 }, .. U32(90000), .. U32(100), .. U32(120000), .. block]);
        var remb = Rtcp(15, 206, [.. U32(sender), .. U32(0), .. "REMB"u8, 1, 0x0b, 0x71, 0xb0, .. U32(media)]);
        var pli = Rtcp(1, 206, [.. U32(sender), .. U32(media)]);
        var fir = Rtcp(4, 206, [.. U32(sender), .. U32(0), .. U32(media), 7, 0, 0, 0]);
        var nack = Rtcp(1, 205, [.. U32(sender), .. U32(media), 0x1a, 0x2b, 0x00, 0x05, 0x1a, 0x40, 0x80, 0x00]);
        var sdes = Rtcp(1, 202, [.. U32(media), 1, 4, .. "abcd"u8, 0, 0]);
        var bye = Rtcp(1, 203, [.. U32(media)]);
        yield return [.. rr, .. remb];
        yield return [.. rr, .. nack, .. pli];
        yield return [.. sr, .. sdes, .. fir];
        yield return [.. sr, .. bye];
        yield return pli; // reduced size (RFC 5506)
        // A padded last packet (RFC 3550 A.2).
        var padded = Rtcp(1, 201, [.. U32(sender), .. block, 0, 0, 0, 4]);
        padded[0] |= 0x20;
        yield return [.. sr, .. padded];
    }

    private static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] Rtcp(int count, byte type, byte[] body)
    {
        var words = (body.Length + 4) / 4 - 1;
        return [(byte)(0x80 | count), type, (byte)(words >> 8), (byte)words, .. body];
    }

    /// <summary>Per profile: plain packets to round-trip, and packets protected beforehand for the receiver.</summary>
    public static IEnumerable<byte[]> Srtp()
    {
        var rtp = Rtp().ToArray();
        var rtcp = Rtcp().ToArray();
        foreach (var selector in new byte[] { 0, 1 })
        {
            var profile = SrtpTarget.ProfileOf(selector);
            using var sender = new SrtpContext(profile, SrtpTarget.MasterKey(profile), SrtpTarget.MasterSalt(profile));
            var protectedPackets = new List<byte[]>();
            var buffer = new byte[2048 + 64];
            foreach (var (packet, isRtcp) in rtp.Select(p => (p, false)).Concat(rtcp.Select(p => (p, true))))
            {
                packet.CopyTo(buffer, 0);
                var ok = isRtcp ? sender.TryProtectRtcp(buffer, packet.Length, out var length) : sender.TryProtect(buffer, packet.Length, out length);
                if (ok) protectedPackets.Add([isRtcp ? SrtpTarget.RtcpOp : (byte)0, .. buffer.AsSpan(0, length)]);
            }

            // What an attacker sends: protected packets, one replayed.
            yield return [selector, .. SeedWriter.Frame([.. protectedPackets, protectedPackets[0]])];
            // Round trips through a sender and the receiver.
            yield return [selector, .. SeedWriter.Frame(rtp.Select(p => (byte[])[SrtpTarget.RoundTripOp, .. p]).Concat(rtcp.Select(p => (byte[])[SrtpTarget.RoundTripOp | SrtpTarget.RtcpOp, .. p])))];
        }
    }
}
