// RFC 3711 §3.3 and §3.4 (SRTP and SRTCP receive processing: authenticate first, index and replay
// checks), RFC 7714 §8 and §9 (AEAD_AES_128_GCM): fuzz target for SrtpContext.TryUnprotect and
// TryUnprotectRtcp under both profiles, with fixed keys so the corpus holds genuinely protected packets
// the fuzzer can mutate (sequence numbers, SRTCP indexes, tags) and packets it can replay.
//
// Input: one byte choosing the profile (bit 0: 0 AES-CM/HMAC-SHA1-80, 1 AEAD-AES-128-GCM), then
// datagrams (Fuzz.Split framing), each one op byte and a packet. Op bit 0: RTCP instead of RTP;
// bit 1: protect the packet with the sender's context first (a round trip) instead of handing the
// bytes to the receiver as they are (what an attacker sends). One sender and one receiver context per
// input, so a sequence of datagrams drives the receiver's index estimate and replay window.
using System.Buffers.Binary;
using Classroom.Media.Srtp;

namespace Classroom.Media.Fuzz.Targets;

public static class SrtpTarget
{
    public const byte RtcpOp = 1;
    public const byte RoundTripOp = 2;

    public static byte[] MasterKey(SrtpProfile profile) => [.. Enumerable.Range(1, profile.KeyLength()).Select(b => (byte)b)];

    public static byte[] MasterSalt(SrtpProfile profile) => [.. Enumerable.Range(101, profile.SaltLength()).Select(b => (byte)b)];

    public static SrtpProfile ProfileOf(byte selector) => (selector & 1) == 0 ? SrtpProfile.Aes128CmHmacSha1_80 : SrtpProfile.AeadAes128Gcm;

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty) return;
        var profile = ProfileOf(input[0]);
        using var sender = new SrtpContext(profile, MasterKey(profile), MasterSalt(profile));
        using var receiver = new SrtpContext(profile, MasterKey(profile), MasterSalt(profile));
        Span<Range> datagrams = stackalloc Range[64];
        var count = Fuzz.Split(input[1..], datagrams);
        var buffer = new byte[2048 + 64];
        // SSRCs either context has state for: only a first packet of a new SSRC must always round-trip.
        var seenRtp = new HashSet<uint>();
        var seenRtcp = new HashSet<uint>();
        for (var d = 0; d < count; d++)
        {
            var datagram = input[1..][datagrams[d]];
            if (datagram.IsEmpty || datagram.Length - 1 > 2048) continue;
            var op = datagram[0];
            var packet = datagram[1..];
            packet.CopyTo(buffer);
            var rtcp = (op & RtcpOp) != 0;
            if ((op & RoundTripOp) == 0) Attack(receiver, rtcp, buffer, packet.Length, seenRtp, seenRtcp);
            else RoundTrip(sender, receiver, rtcp, buffer, packet, seenRtp, seenRtcp);
        }
    }

    private static void Attack(SrtpContext receiver, bool rtcp, byte[] buffer, int length, HashSet<uint> seenRtp, HashSet<uint> seenRtcp)
    {
        var accepted = rtcp ? receiver.TryUnprotectRtcp(buffer, length, out var plain) : receiver.TryUnprotect(buffer, length, out plain);
        if (!accepted)
        {
            Fuzz.Check(plain == 0, "a refused packet reported a length");
            return;
        }

        // Accepted bytes were protected with these keys (the corpus holds such packets): same framing out.
        var overhead = rtcp ? receiver.RtcpOverhead : receiver.RtpOverhead;
        Fuzz.Check(plain == length - overhead, "an accepted packet lost other than its overhead");
        if (rtcp) seenRtcp.Add(BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(4)));
        else seenRtp.Add(BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(8)));
    }

    private static void RoundTrip(SrtpContext sender, SrtpContext receiver, bool rtcp, byte[] buffer, ReadOnlySpan<byte> packet, HashSet<uint> seenRtp, HashSet<uint> seenRtcp)
    {
        var length = packet.Length;
        bool wellFormed = rtcp ? packet.Length >= 8 && packet[0] >> 6 == 2 : RtpHeader.TryGetLength(packet, out _);
        if (!wellFormed) return;
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[(rtcp ? 4 : 8)..]);
        var fresh = rtcp ? seenRtcp.Add(ssrc) : seenRtp.Add(ssrc);
        var streams = rtcp ? seenRtcp.Count : seenRtp.Count;
        var protectedOk = rtcp ? sender.TryProtectRtcp(buffer, length, out var sealedLength) : sender.TryProtect(buffer, length, out sealedLength);
        // A well-formed packet of a new SSRC is refused only beyond the context's stream limit.
        Fuzz.Check(protectedOk || !fresh || streams > SrtpContext.MaxStreams, "protect refused a well-formed packet of a new stream");
        if (!protectedOk) return;
        Fuzz.Check(sealedLength == length + (rtcp ? sender.RtcpOverhead : sender.RtpOverhead), "protect added other than its overhead");

        var opened = rtcp ? receiver.TryUnprotectRtcp(buffer, sealedLength, out var plain) : receiver.TryUnprotect(buffer, sealedLength, out plain);
        // The first packet of a stream always opens; later ones may be replays the window refuses.
        Fuzz.Check(opened || !fresh || streams > SrtpContext.MaxStreams, "the receiver refused what the sender protected");
        if (opened) Fuzz.Check(plain == length && buffer.AsSpan(0, length).SequenceEqual(packet), "the round trip changed the packet");
    }
}
