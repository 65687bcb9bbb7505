using System.Net;
using System.Net.Sockets;
using Classroom.Media.Dtls;
using Classroom.Media.Transport;

namespace Classroom.Media.Tests.Transport;

/// <summary>What the receive loop counts for the host's metrics: datagrams taken, and receives that found the kernel's queue fuller than one batch.</summary>
public sealed class LoopCountersTests
{
    [Fact]
    public async Task A_backlog_waiting_when_the_loop_starts_is_taken_in_full_batches_and_counted()
    {
        await using var media = new MediaSocket(new IPEndPoint(IPAddress.Loopback, 0), DtlsCertificate.CreateSelfSigned(), TimeProvider.System);
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        // Not media by its first byte: each is dropped, but every one is received first.
        var junk = new byte[100];
        junk[0] = 200;
        const int Backlog = 100;
        for (var i = 0; i < Backlog; i++) sender.SendTo(junk, media.LocalEndPoint);

        media.Start();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (media.Received < Backlog && DateTime.UtcNow < deadline) await Task.Delay(10);

        Assert.Equal(Backlog, media.Received);
        Assert.Equal(Backlog, media.DroppedFor(DropReason.NotMedia));
        // 100 waiting datagrams fill at least three batches of 32 (exactly three, unless the kernel hands
        // them over in smaller pieces, which it does not for a queue that is already there).
        Assert.Equal(Backlog / 32, media.FullBatches);
    }
}
