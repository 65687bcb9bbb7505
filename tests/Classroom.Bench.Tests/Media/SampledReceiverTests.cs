using System.Net;
using Classroom.Bench.Media;
using Classroom.Testing.Media;

namespace Classroom.Bench.Tests.Media;

/// <summary>
/// The forwarding scenario's receiver over real sockets: two synthetic browsers on loopback doing
/// ICE, DTLS and SRTP with each other, the receiving one decrypting one packet in ten. It still
/// counts every packet (from the clear RTP header), finds the numbers the sender skipped, and has
/// latency for exactly the packets it decrypted.
/// </summary>
public sealed class SampledReceiverTests
{
    private const uint Ssrc = 0x5A5A0001;
    private const int Packets = 1000;
    private const int OneIn = 10;

    [Fact]
    public async Task A_receiver_decrypting_one_packet_in_ten_counts_every_packet_finds_the_gaps_and_times_the_samples()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var sender = new SyntheticPeer(IPAddress.Loopback);
        await using var receiver = new SyntheticPeer(IPAddress.Loopback) { DecryptOneIn = OneIn };
        var tally = new ReceiverTally();
        receiver.RtpArrived = tally.Arrived;
        receiver.RtpReceived = packet => tally.Sampled(packet.Span);
        var offer = sender.CreateOffer(null, Ssrc);
        var answer = receiver.CreateAnswer(offer);
        await Task.WhenAll(sender.ConnectAsync(answer, ct), receiver.ConnectAsync(offer, ct));

        // Sequence numbers from 65000 on, so they wrap; three numbers are never sent.
        var skipped = new HashSet<int> { 100, 101, 500 };
        var sent = 0;
        for (var i = 0; i < Packets; i++)
        {
            if (skipped.Contains(i)) continue;
            var packet = ReceiverTallyTests.Packet(Ssrc, (ushort)(65000 + i), streamId: 1, (uint)i);
            Assert.True(sender.SendRtp(packet));
            sent++;
            // Flow control instead of a rate: a burst waits until the receiver has read it, so the
            // kernel never drops a datagram however busy the machine is, and the count is exact.
            if (sent % 20 == 0) await ArrivedAsync(receiver, sent, ct);
        }
        await ArrivedAsync(receiver, sent, ct);

        Assert.Equal(Packets - skipped.Count, receiver.ArrivedRtp);
        Assert.Equal(new SequenceCounts(Packets - skipped.Count, skipped.Count, 0), tally.Counts());
        // One in ten authenticated and decrypted, each with the send time the payload carried.
        Assert.Equal((Packets - skipped.Count) / OneIn, receiver.ReceivedRtp);
        var latency = tally.LatencyOf(streamId: 1);
        Assert.Equal((Packets - skipped.Count) / OneIn, latency.Count);
        Assert.True(latency.Summarize().P50 >= 0);
    }

    [Fact]
    public async Task Sampling_is_set_between_1_and_1024()
    {
        await using var peer = new SyntheticPeer(IPAddress.Loopback);
        Assert.Throws<ArgumentOutOfRangeException>(() => peer.DecryptOneIn = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => peer.DecryptOneIn = 1025);
        peer.DecryptOneIn = 1024;
        Assert.Equal(1024, peer.DecryptOneIn);
    }

    private static async Task ArrivedAsync(SyntheticPeer receiver, int count, CancellationToken ct)
    {
        while (receiver.ArrivedRtp < count) await Task.Delay(1, ct);
    }
}
