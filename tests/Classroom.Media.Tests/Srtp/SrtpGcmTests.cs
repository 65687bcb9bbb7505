// RFC 7714 §8 (SRTP AEAD_AES_128_GCM: IV = salt XOR (0 || SSRC || ROC || SEQ), AAD = RTP header,
// 16-byte tag) and §9 (SRTCP). Reference packet from libsrtp's test driver.
using Classroom.Media.Srtp;
using static Classroom.Media.Tests.Srtp.SrtpTestPackets;

namespace Classroom.Media.Tests.Srtp;

public class SrtpGcmTests
{
    private const string ReferencePlain = "800F1234DECAFBADCAFEBABEABABABABABABABABABABABABABABABAB";
    private const string ReferenceProtected = "800F1234DECAFBADCAFEBABEC5002EDE04CFDD2EB91159E0880AA06ED2976826F796B201DF3131A127E8A392";
    private static readonly byte[] MasterKey = Convert.FromHexString("000102030405060708090A0B0C0D0E0F");
    private static readonly byte[] MasterSalt = Convert.FromHexString("A0A1A2A3A4A5A6A7A8A9AAAB");

    private static SrtpContext NewContext() => new(SrtpProfile.AeadAes128Gcm, MasterKey, MasterSalt);

    [Fact]
    public void Protect_matches_reference_packet()
    {
        using SrtpContext context = NewContext();
        byte[] plain = Convert.FromHexString(ReferencePlain);
        byte[] buffer = new byte[plain.Length + 16];
        plain.CopyTo(buffer, 0);
        Assert.True(context.TryProtect(buffer, plain.Length, out int protectedLength));
        Assert.Equal(ReferenceProtected, Convert.ToHexString(buffer, 0, protectedLength));
    }

    [Fact]
    public void Unprotect_recovers_reference_then_rejects_replay()
    {
        using SrtpContext context = NewContext();
        byte[] buffer = Convert.FromHexString(ReferenceProtected);
        Assert.True(context.TryUnprotect(buffer, buffer.Length, out int plainLength));
        Assert.Equal(ReferencePlain, Convert.ToHexString(buffer, 0, plainLength));
        byte[] again = Convert.FromHexString(ReferenceProtected);
        Assert.False(context.TryUnprotect(again, again.Length, out _));
    }

    [Fact]
    public void Tampered_and_truncated_packets_are_rejected()
    {
        byte[] reference = Convert.FromHexString(ReferenceProtected);
        for (int position = 0; position < reference.Length; position++)
        {
            using SrtpContext context = NewContext();
            byte[] tampered = (byte[])reference.Clone();
            tampered[position] ^= 0x10;
            Assert.False(context.TryUnprotect(tampered, tampered.Length, out _), $"byte {position}");
        }

        for (int length = 0; length < reference.Length; length++)
        {
            using SrtpContext context = NewContext();
            Assert.False(context.TryUnprotect((byte[])reference.Clone(), length, out _), $"length {length}");
        }
    }

    [Fact]
    public void Rtp_round_trip_across_sequence_wrap()
    {
        using SrtpContext sender = NewContext();
        using SrtpContext receiver = NewContext();
        ushort sequence = 65500;
        for (int n = 0; n < 500; n++, sequence++)
        {
            byte[] packet = BuildRtp(sequence, 0x0BADF00D, n % 300, fill: (byte)n);
            int length = 12 + (n % 300);
            byte[] original = packet.AsSpan(0, length).ToArray();
            Assert.True(sender.TryProtect(packet, length, out int protectedLength));
            Assert.Equal(length + 16, protectedLength);
            Assert.True(receiver.TryUnprotect(packet, protectedLength, out int plainLength), $"packet {n}");
            Assert.Equal(original, packet.AsSpan(0, plainLength).ToArray());
        }
    }

    [Fact]
    public void Rtcp_round_trip_and_tamper()
    {
        using SrtpContext sender = NewContext();
        using SrtpContext receiver = NewContext();
        for (int n = 0; n < 100; n++)
        {
            byte[] packet = BuildRtcp(0x01020304, 4 * (n % 20));
            int length = 8 + (4 * (n % 20));
            byte[] original = packet.AsSpan(0, length).ToArray();
            Assert.True(sender.TryProtectRtcp(packet, length, out int protectedLength));
            Assert.Equal(length + 20, protectedLength);
            if (n == 50)
            {
                byte[] tampered = packet.AsSpan(0, protectedLength).ToArray();
                tampered[^1] ^= 0x01; // SRTCP index is in the AAD
                Assert.False(receiver.TryUnprotectRtcp(tampered, tampered.Length, out _));
            }

            Assert.True(receiver.TryUnprotectRtcp(packet, protectedLength, out int plainLength));
            Assert.Equal(original, packet.AsSpan(0, plainLength).ToArray());
        }
    }
}
