// A participant can send SRTP/SRTCP with wrong tags as fast as its link allows. Refusing them must
// cost a plain comparison: no exception thrown and caught per packet (STYLE: the packet path returns
// bool + reason and counts).
using Classroom.Media.Srtp;
using static Classroom.Media.Tests.Srtp.SrtpTestPackets;

namespace Classroom.Media.Tests.Srtp;

public class SrtpBadTagTests
{
    public static TheoryData<SrtpProfile> Profiles => [SrtpProfile.AeadAes128Gcm, SrtpProfile.Aes128CmHmacSha1_80];

    private static SrtpContext NewContext(SrtpProfile profile) =>
        new(profile, CmMasterKey, CmMasterSalt.AsSpan(0, profile.SaltLength()));

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_flood_of_bad_tags_is_refused_as_unauthentic_without_an_exception_and_good_packets_pass(SrtpProfile profile)
    {
        using var sender = NewContext(profile);
        using var receiver = NewContext(profile);
        var thread = Environment.CurrentManagedThreadId;
        var exceptions = 0;
        EventHandler<System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs> count = (_, _) =>
        {
            if (Environment.CurrentManagedThreadId == thread) Interlocked.Increment(ref exceptions);
        };
        var refused = new Dictionary<SrtpRejection, int>();
        var passed = 0;
        AppDomain.CurrentDomain.FirstChanceException += count;
        try
        {
            for (var n = 0; n < 2000; n++)
            {
                // Every tenth packet is genuine; the others have one tag bit flipped (RTP) or a flipped
                // payload byte under the tag (SRTCP), at fresh sequence numbers and indexes.
                var rtp = BuildRtp((ushort)(1000 + n), 0x0BADF00D, 200, fill: (byte)n);
                var original = rtp.AsSpan(0, 212).ToArray();
                Assert.True(sender.TryProtect(rtp, 212, out var length));
                var rtcp = BuildRtcp(0x0BADF00D, 24);
                Assert.True(sender.TryProtectRtcp(rtcp, 32, out var rtcpLength));
                var genuine = n % 10 == 0;
                if (!genuine)
                {
                    rtp[length - 1] ^= 0x01;
                    rtcp[10] ^= 0x80;
                }

                var rtpOk = receiver.TryUnprotect(rtp, length, out var plain, out var rtpWhy);
                var rtcpOk = receiver.TryUnprotectRtcp(rtcp, rtcpLength, out _, out var rtcpWhy);
                Assert.Equal(genuine, rtpOk);
                Assert.Equal(genuine, rtcpOk);
                if (genuine)
                {
                    Assert.Equal(original, rtp.AsSpan(0, plain).ToArray());
                    passed++;
                }
                else
                {
                    refused[rtpWhy] = refused.GetValueOrDefault(rtpWhy) + 1;
                    refused[rtcpWhy] = refused.GetValueOrDefault(rtcpWhy) + 1;
                }
            }
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= count;
        }

        Assert.Equal(0, exceptions);
        Assert.Equal(200, passed);
        Assert.Equal(2 * 1800, Assert.Single(refused, r => r.Key == SrtpRejection.Unauthentic).Value);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_refused_packet_does_not_advance_the_replay_window_so_the_genuine_one_still_passes(SrtpProfile profile)
    {
        using var sender = NewContext(profile);
        using var receiver = NewContext(profile);
        var rtp = BuildRtp(7, 0x0BADF00D, 100);
        Assert.True(sender.TryProtect(rtp, 112, out var length));
        var forged = rtp.AsSpan(0, length).ToArray();
        forged[20] ^= 0xFF;
        Assert.False(receiver.TryUnprotect(forged, length, out _, out var why));
        Assert.Equal(SrtpRejection.Unauthentic, why);
        Assert.True(receiver.TryUnprotect(rtp, length, out _, out why));
        Assert.Equal(SrtpRejection.None, why);
        Assert.False(receiver.TryUnprotect(rtp.AsSpan(0, length).ToArray(), length, out _, out why));
        Assert.Equal(SrtpRejection.Replayed, why);
    }
}
