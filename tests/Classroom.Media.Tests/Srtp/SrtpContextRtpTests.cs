// RFC 3711 §3.3 (SRTP processing), §3.3.1 (ROC estimation, Appendix A), §3.3.2 (replay window), §4.2
// (authentication before decryption). Reference packet from libsrtp's test driver (AES_CM_128_HMAC_SHA1_80).
using Classroom.Media.Srtp;
using static Classroom.Media.Tests.Srtp.SrtpTestPackets;

namespace Classroom.Media.Tests.Srtp;

public class SrtpContextRtpTests
{
    private const string ReferencePlain = "800F1234DECAFBADCAFEBABEABABABABABABABABABABABABABABABAB";
    private const string ReferenceProtected = "800F1234DECAFBADCAFEBABE4E55DC4CE79978D88CA4D215949D2402B78D6ACC99EA179B8DBB";

    private static SrtpContext NewContext() => new(SrtpProfile.Aes128CmHmacSha1_80, CmMasterKey, CmMasterSalt);

    [Fact]
    public void Protect_matches_reference_packet()
    {
        using SrtpContext context = NewContext();
        byte[] buffer = new byte[64];
        byte[] plain = Convert.FromHexString(ReferencePlain);
        plain.CopyTo(buffer, 0);

        Assert.True(context.TryProtect(buffer, plain.Length, out int protectedLength));
        Assert.Equal(ReferenceProtected, Convert.ToHexString(buffer, 0, protectedLength));
    }

    [Fact]
    public void Unprotect_recovers_reference_packet()
    {
        using SrtpContext context = NewContext();
        byte[] buffer = Convert.FromHexString(ReferenceProtected);

        Assert.True(context.TryUnprotect(buffer, buffer.Length, out int plainLength));
        Assert.Equal(ReferencePlain, Convert.ToHexString(buffer, 0, plainLength));
    }

    [Fact]
    public void Round_trip_across_sequence_wrap_increments_rollover_counter()
    {
        using SrtpContext sender = NewContext();
        using SrtpContext receiver = NewContext();
        const uint ssrc = 0x11223344;
        ushort sequence = 65000;
        for (int n = 0; n < 2000; n++, sequence++)
        {
            int payloadLength = n % 200;
            byte[] packet = BuildRtp(sequence, ssrc, payloadLength, fill: (byte)n);
            byte[] original = packet.AsSpan(0, 12 + payloadLength).ToArray();

            Assert.True(sender.TryProtect(packet, 12 + payloadLength, out int protectedLength));
            Assert.Equal(12 + payloadLength + 10, protectedLength);
            if (payloadLength >= 16)
            {
                Assert.NotEqual(original, packet.AsSpan(0, original.Length).ToArray());
            }

            Assert.True(receiver.TryUnprotect(packet, protectedLength, out int plainLength), $"packet {n}");
            Assert.Equal(original, packet.AsSpan(0, plainLength).ToArray());
        }
    }

    [Fact]
    public void Receiver_accepts_reordered_packets_around_the_wrap()
    {
        using SrtpContext sender = NewContext();
        using SrtpContext receiver = NewContext();
        var protectedPackets = new List<byte[]>();
        for (int s = 65530; s < 65536 + 6; s++)
        {
            byte[] packet = BuildRtp((ushort)s, 7, 20);
            Assert.True(sender.TryProtect(packet, 32, out int length));
            protectedPackets.Add(packet.AsSpan(0, length).ToArray());
        }

        // Deliver 65530, then post-wrap 0..5, then the late pre-wrap 65531..65535 (ROC guess v = ROC - 1).
        int[] order = [0, 6, 7, 8, 9, 10, 11, 1, 2, 3, 4, 5];
        foreach (int i in order)
        {
            byte[] packet = protectedPackets[i];
            Assert.True(receiver.TryUnprotect(packet, packet.Length, out _), $"packet {i}");
        }
    }

    [Fact]
    public void Tampered_byte_anywhere_is_rejected()
    {
        byte[] reference = Convert.FromHexString(ReferenceProtected);
        for (int position = 0; position < reference.Length; position++)
        {
            using SrtpContext context = NewContext();
            byte[] buffer = (byte[])reference.Clone();
            buffer[position] ^= 0x01;
            Assert.False(context.TryUnprotect(buffer, buffer.Length, out _), $"byte {position}");
        }
    }

    [Fact]
    public void Failed_authentication_does_not_decrypt_the_payload()
    {
        using SrtpContext context = NewContext();
        byte[] buffer = Convert.FromHexString(ReferenceProtected);
        buffer[^1] ^= 0x80;
        byte[] before = (byte[])buffer.Clone();
        Assert.False(context.TryUnprotect(buffer, buffer.Length, out _));
        Assert.Equal(before, buffer);
    }

    [Fact]
    public void Replay_is_rejected()
    {
        using SrtpContext context = NewContext();
        byte[] reference = Convert.FromHexString(ReferenceProtected);
        byte[] first = (byte[])reference.Clone();
        Assert.True(context.TryUnprotect(first, first.Length, out _));
        byte[] again = (byte[])reference.Clone();
        Assert.False(context.TryUnprotect(again, again.Length, out _));
    }

    [Fact]
    public void Packet_older_than_the_window_is_rejected_but_in_window_reordering_is_accepted()
    {
        using SrtpContext sender = NewContext();
        using SrtpContext receiver = NewContext();
        var packets = new List<byte[]>();
        for (ushort s = 0; s < 100; s++)
        {
            byte[] packet = BuildRtp(s, 9, 16);
            Assert.True(sender.TryProtect(packet, 28, out int length));
            packets.Add(packet.AsSpan(0, length).ToArray());
        }

        Assert.True(receiver.TryUnprotect(packets[99], packets[99].Length, out _));
        Assert.True(receiver.TryUnprotect(packets[40], packets[40].Length, out _));
        Assert.False(receiver.TryUnprotect(packets[35], packets[35].Length, out _));
        Assert.False(receiver.TryUnprotect(packets[40], packets[40].Length, out _));
    }

    [Fact]
    public void Truncated_input_returns_false()
    {
        byte[] reference = Convert.FromHexString(ReferenceProtected);
        for (int length = 0; length < reference.Length; length++)
        {
            using SrtpContext context = NewContext();
            byte[] buffer = (byte[])reference.Clone();
            Assert.False(context.TryUnprotect(buffer, length, out int plainLength));
            Assert.Equal(0, plainLength);
        }

        using SrtpContext other = NewContext();
        Assert.False(other.TryUnprotect(reference, reference.Length + 1, out _));
        Assert.False(other.TryUnprotect(reference, -1, out _));
    }

    [Fact]
    public void Protect_without_room_for_the_tag_returns_false()
    {
        using SrtpContext context = NewContext();
        byte[] plain = Convert.FromHexString(ReferencePlain);
        byte[] buffer = new byte[plain.Length + 9];
        plain.CopyTo(buffer, 0);
        Assert.False(context.TryProtect(buffer, plain.Length, out _));
        Assert.Equal(plain, buffer.AsSpan(0, plain.Length).ToArray());
    }

    [Fact]
    public void Header_with_csrcs_and_extension_stays_in_the_clear()
    {
        using SrtpContext sender = NewContext();
        using SrtpContext receiver = NewContext();
        byte[] packet = BuildRtp(5, 42, 40);
        packet[0] = 0x80 | 0x10 | 0x01; // X bit, one CSRC
        // CSRC at 12..16, extension header at 16..20 (profile 0xBEDE, length 1 word), extension word 20..24.
        packet[16] = 0xBE;
        packet[17] = 0xDE;
        packet[18] = 0x00;
        packet[19] = 0x01;
        byte[] original = packet.AsSpan(0, 52).ToArray();

        Assert.True(sender.TryProtect(packet, 52, out int protectedLength));
        Assert.Equal(original.AsSpan(0, 24).ToArray(), packet.AsSpan(0, 24).ToArray());
        Assert.True(receiver.TryUnprotect(packet, protectedLength, out int plainLength));
        Assert.Equal(original, packet.AsSpan(0, plainLength).ToArray());
    }

    [Fact]
    public void Steady_state_protect_and_unprotect_do_not_allocate()
    {
        using SrtpContext sender = NewContext();
        using SrtpContext receiver = NewContext();
        byte[] packet = BuildRtp(1, 77, 1000);
        Run(50);
        Assert.Equal(0, SteadyState.AllocatedBytes(() => Run(500)));

        void Run(int count)
        {
            for (int i = 0; i < count; i++)
            {
                Assert.True(sender.TryProtect(packet, 1012, out int protectedLength));
                Assert.True(receiver.TryUnprotect(packet, protectedLength, out _));
                ushort next = (ushort)((packet[2] << 8 | packet[3]) + 1);
                packet[2] = (byte)(next >> 8);
                packet[3] = (byte)next;
            }
        }
    }
}
