using System.Net;
using System.Net.Sockets;
using Classroom.Media.Dtls;
using Classroom.Media.Tests.Ice;
using Classroom.Media.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Classroom.Media.Tests.Transport;

/// <summary>
/// A modified client knows its own ICE credentials, so every check it floods is valid. The socket
/// answers a browser's worth per peer (<see cref="ControlBudget"/>) and drops the rest before
/// verifying them; other peers are not affected.
/// </summary>
public sealed class ControlFloodTests
{
    [Fact]
    public async Task Valid_checks_beyond_a_peers_budget_are_dropped_and_counted_and_the_budget_refills_with_time()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var media = new MediaSocket(new IPEndPoint(IPAddress.Loopback, 0), DtlsCertificate.CreateSelfSigned(), time);
        media.Start();
        using var flooder = LoopbackBrowser.Validate(media); // one check, answered
        using var neighbour = LoopbackBrowser.Validate(media);

        const int Flood = 150;
        var received = media.Received;
        for (var i = 0; i < Flood; i++)
        {
            flooder.Socket.SendTo(BindingRequests.Create($"{flooder.Peer.Ice.Local.Ufrag}:brws", flooder.Peer.Ice.Local.PasswordBytes), media.LocalEndPoint);
        }
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (media.Received - received < Flood && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(Flood, media.Received - received);

        // The clock did not move: the burst less the first check, and not one more.
        Assert.Equal(ControlBudget.Burst - 1, Responses(flooder.Socket));
        Assert.Equal(Flood - (ControlBudget.Burst - 1), media.DroppedFor(DropReason.ControlFlood));

        // Its neighbour's checks are answered meanwhile.
        neighbour.Check(media);

        time.Advance(TimeSpan.FromSeconds(1));
        flooder.Check(media);
    }

    /// <summary>STUN answers waiting on the socket (it stays quiet for half a second at the end).</summary>
    private static int Responses(Socket socket)
    {
        socket.ReceiveTimeout = 500;
        var buffer = new byte[1500];
        var count = 0;
        try
        {
            while (true)
            {
                var length = socket.Receive(buffer);
                if (length > 0 && buffer[0] <= 3) count++;
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            return count;
        }
    }
}
