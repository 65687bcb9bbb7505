// RFC 3711 §3.4 (SRTCP: E-flag, 31-bit SRTCP index, tag over header || ciphertext || E||index), §3.3.2
// (replay). Reference packet from libsrtp's test driver (AES_CM_128_HMAC_SHA1_80, SRTCP index 1).
using Classroom.Media.Srtp;
using static Classroom.Media.Tests.Srtp.SrtpTestPackets;

namespace Classroom.Media.Tests.Srtp;

public class SrtcpContextTests
{
    private const string ReferencePlain = "81C8000BCAFEBABEABABABABABABABABABABABABABABABAB";
    private const string ReferenceProtected = "81C8000BCAFEBABE7128035BE487B9BDBEF89041F977A5A880000001993E08CD54D6C1230798";

    private static SrtpContext NewContext() => new(SrtpProfile.Aes128CmHmacSha1_80, CmMasterKey, CmMasterSalt);

    [Fact]
    public void Unprotect_recovers_reference_packet()
    {
        using SrtpContext context = NewContext();
        byte[] buffer = Convert.FromHexString(ReferenceProtected);
        Assert.True(context.TryUnprotectRtcp(buffer, buffer.Length, out int plainLength));
        Assert.Equal(ReferencePlain, Convert.ToHexString(buffer, 0, plainLength));
    }

    [Fact]
    public void Protect_appends_encrypted_flag_index_and_tag_and_round_trips()
    {
        using SrtpContext sender = NewContext();
        using SrtpContext receiver = NewContext();
        for (int n = 0; n < 300; n++)
        {
            byte[] packet = BuildRtcp(0xCAFEBABE, 4 * (n % 50));
            int length = 8 + (4 * (n % 50));
            byte[] original = packet.AsSpan(0, length).ToArray();
            Assert.True(sender.TryProtectRtcp(packet, length, out int protectedLength));
            Assert.Equal(length + 14, protectedLength);
            Assert.Equal(0x80, packet[length]);
            Assert.Equal((byte)n, packet[length + 3]);
            Assert.True(receiver.TryUnprotectRtcp(packet, protectedLength, out int plainLength));
            Assert.Equal(original, packet.AsSpan(0, plainLength).ToArray());
        }
    }

    [Fact]
    public void Tampered_replayed_and_truncated_packets_are_rejected()
    {
        byte[] reference = Convert.FromHexString(ReferenceProtected);
        for (int position = 0; position < reference.Length; position++)
        {
            using SrtpContext context = NewContext();
            byte[] tampered = (byte[])reference.Clone();
            tampered[position] ^= 0x04;
            Assert.False(context.TryUnprotectRtcp(tampered, tampered.Length, out _), $"byte {position}");
        }

        for (int length = 0; length < reference.Length; length++)
        {
            using SrtpContext context = NewContext();
            Assert.False(context.TryUnprotectRtcp((byte[])reference.Clone(), length, out _), $"length {length}");
        }

        using SrtpContext receiver = NewContext();
        Assert.True(receiver.TryUnprotectRtcp((byte[])reference.Clone(), reference.Length, out _));
        Assert.False(receiver.TryUnprotectRtcp((byte[])reference.Clone(), reference.Length, out _));
    }
}
