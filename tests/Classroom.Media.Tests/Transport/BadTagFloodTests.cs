using System.Net;
using System.Security.Cryptography;
using Classroom.Media.Dtls;
using Classroom.Media.Tests.Srtp;
using Classroom.Media.Transport;
using Org.BouncyCastle.Tls;

namespace Classroom.Media.Tests.Transport;

/// <summary>
/// A keyed participant floods the shared socket with SRTP and SRTCP whose tags are wrong. Over real
/// UDP: each is dropped and counted as unauthentic, no exception is raised anywhere in the process
/// for them, and the participant's genuine packets still come through.
/// </summary>
public sealed class BadTagFloodTests
{
    [Theory]
    [InlineData(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM)]
    [InlineData(SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80)]
    public async Task Bad_tags_are_dropped_and_counted_without_exceptions_and_genuine_packets_pass(int profile)
    {
        var serverCertificate = DtlsCertificate.CreateSelfSigned("relay");
        await using var media = new MediaSocket(new IPEndPoint(IPAddress.Loopback, 0), serverCertificate, TimeProvider.System);
        var received = new List<ushort>();
        var rtcpReceived = 0;
        media.RtpReceived = (_, packet) => { lock (received) received.Add((ushort)((packet[2] << 8) | packet[3])); };
        media.RtcpReceived = (_, _) => Interlocked.Increment(ref rtcpReceived);
        media.Start();
        using var browser = await LoopbackBrowser.ConnectAsync(media, serverCertificate, profile);

        // Crypto exceptions from anywhere in the process: the receive loop runs on the thread pool.
        var exceptions = 0;
        EventHandler<System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs> count = (_, e) =>
        {
            if (e.Exception is CryptographicException) Interlocked.Increment(ref exceptions);
        };
        AppDomain.CurrentDomain.FirstChanceException += count;
        const int Batches = 20, PerBatch = 100;
        try
        {
            for (var batch = 0; batch < Batches; batch++)
            {
                for (var n = 0; n < PerBatch; n++)
                {
                    var sequence = (ushort)(batch * PerBatch + n);
                    var rtp = browser.Protect(SrtpTestPackets.BuildRtp(sequence, 0x1234, 500).AsSpan(0, 512));
                    if (n != PerBatch - 1) rtp[^3] ^= 0x40; // the last of each batch is genuine
                    browser.Send(media, rtp);
                    var rtcp = browser.Protect(SrtpTestPackets.BuildRtcp(0x1234, 20).AsSpan(0, 28), rtcp: true);
                    rtcp[9] ^= 0x01;
                    browser.Send(media, rtcp);
                }
                // Wait for this batch to be handled (the socket buffer is small on some kernels).
                await Until(() => media.DroppedFor(DropReason.SrtpUnauthentic) >= (batch + 1) * (2 * PerBatch - 1));
            }
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= count;
        }

        Assert.Equal(0, exceptions);
        Assert.Equal(Batches * (2 * PerBatch - 1), media.DroppedFor(DropReason.SrtpUnauthentic));
        Assert.Equal(0, rtcpReceived);
        lock (received) Assert.Equal(Enumerable.Range(1, Batches).Select(b => (ushort)(b * PerBatch - 1)), received);

        // The transport is still fine: genuine SRTCP is accepted after the flood.
        browser.Send(media, browser.Protect(SrtpTestPackets.BuildRtcp(0x1234, 20).AsSpan(0, 28), rtcp: true));
        await Until(() => Volatile.Read(ref rtcpReceived) == 1);
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("The media socket did not handle the packets sent.");
            await Task.Delay(10);
        }
    }
}
