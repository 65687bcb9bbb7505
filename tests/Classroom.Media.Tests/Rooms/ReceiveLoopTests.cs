using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;
using Classroom.Testing.Media;
using Classroom.Media.Rooms;
using Classroom.Media.Sfu;
using static Classroom.Media.Tests.Rooms.RelayHarness;

namespace Classroom.Media.Tests.Rooms;

/// <summary>
/// Several receive loops, each a thread with its own socket: a room lives on one loop, so its packets
/// are received, routed and forwarded (in that loop's send batches) by one thread, and a server with
/// several rooms uses several cores.
/// </summary>
public sealed class ReceiveLoopTests
{
    private const MediaGrant Everything = MediaGrant.Audio | MediaGrant.Video | MediaGrant.Screen;

    [Fact]
    public async Task A_rooms_transports_live_on_its_loop_and_its_packets_are_forwarded_by_that_loops_thread()
    {
        await using var harness = new RelayHarness(configure: o => o.ReceiveLoops = 2);
        var relay = harness.Relay;
        Assert.Equal(2, relay.LocalEndPoints.Select(e => e.Port).Distinct().Count());

        var lessons = new[] { Guid.NewGuid(), Guid.NewGuid() };
        var classes = new List<(Room Room, SyntheticPeer Teacher, List<(SyntheticPeer Peer, uint Ssrc)> Receivers)>();
        foreach (var lesson in lessons)
        {
            relay.SetGrants(lesson, Grants(("teacher", Everything), ("anna", MediaGrant.None), ("boris", MediaGrant.None)));
            var room = relay.OpenRoom(lesson);
            var teacher = await harness.PublishAsync(room, $"{lesson}-t", "teacher", audio: 0xA1, video: null);
            var receivers = new List<(SyntheticPeer, uint)>();
            foreach (var name in new[] { "anna", "boris" })
            {
                var (peer, offer) = await harness.SubscribeAsync(room, $"{lesson}-{name}", name);
                receivers.Add((peer, OfferedSsrc(offer, "teacher", MediaKind.Audio)));
                // The relay's offer names the room's loop: the receiver's media goes to that socket.
                Assert.Equal(room.Loop!.Socket.LocalEndPoint.Port, peer.RemoteEndPoint!.Port);
            }
            Assert.Equal(room.Loop!.Socket.LocalEndPoint.Port, teacher.RemoteEndPoint!.Port);
            classes.Add((room, teacher, receivers));
        }

        // The two rooms went to different loops, and each loop holds exactly its room's three transports.
        Assert.NotEqual(classes[0].Room.Loop, classes[1].Room.Loop);
        Assert.All(classes, c => Assert.Equal(3, c.Room.Loop!.Socket.PeerCount));

        ushort sequence = 100;
        await Until(() =>
        {
            foreach (var c in classes) RtpPackets.Send(c.Teacher, 0xA1, 111, sequence, 1);
            sequence++;
            return classes.All(c => c.Receivers.All(r => Count(r.Peer, r.Ssrc) > 0));
        }, "a teacher's audio did not reach both receivers of their room");
        await Task.Delay(200);

        var received = classes.Select(c => c.Room.Loop!.Socket.Received).ToList();
        var heard = classes.Select(c => c.Receivers.Select(r => Count(r.Peer, r.Ssrc)).ToList()).ToList();
        const int Burst = 200;
        foreach (var c in classes) RtpPackets.Send(c.Teacher, 0xA1, 111, sequence, Burst);
        for (var i = 0; i < classes.Count; i++)
        {
            var (c, before) = (classes[i], heard[i]);
            await Until(() => c.Receivers.Select((r, k) => Count(r.Peer, r.Ssrc) - before[k]).All(n => n == Burst),
                "a burst did not all reach a receiver of its room");
        }

        for (var i = 0; i < classes.Count; i++)
        {
            var socket = classes[i].Room.Loop!.Socket;
            // Each loop took at least its own room's burst from the kernel...
            Assert.True(socket.Received - received[i] >= Burst, $"loop {i} received {socket.Received - received[i]} of its room's {Burst}");
            // ...and every forwarded packet left from the loop thread that received it, in its batch:
            // a packet handed to another loop's socket would have been sent off that socket's loop.
            Assert.Equal(0, socket.RtpSentOffLoop);
        }
    }

    [Fact]
    public async Task A_new_room_goes_to_the_loop_with_the_fewest_rooms()
    {
        await using var harness = new RelayHarness(configure: o => o.ReceiveLoops = 2);
        var relay = harness.Relay;
        var first = relay.OpenRoom(Guid.NewGuid());
        var second = relay.OpenRoom(Guid.NewGuid());
        var third = relay.OpenRoom(Guid.NewGuid());
        Assert.Equal([0, 1, 0], new[] { first, second, third }.Select(r => r.Loop!.Index));

        relay.CloseRoom(second.Id);
        Assert.Equal(1, relay.OpenRoom(Guid.NewGuid()).Loop!.Index);
    }

    [Fact]
    public async Task Each_loop_listens_on_the_next_port_and_the_range_must_fit()
    {
        var options = new RelayOptions { BindAddress = "127.0.0.1", UdpPort = 65535, ReceiveLoops = 2 };
        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(RelayOptions.ReceiveLoops)));

        // A base below the kernel's ephemeral range (32768 up), so no test's own socket takes it meanwhile;
        // another base if something on the machine holds one of the three ports.
        for (var attempt = 0; ; attempt++)
        {
            var first = Random.Shared.Next(20_000, 30_000);
            var relay = new Relay(new RelayOptions { BindAddress = "127.0.0.1", UdpPort = first, ReceiveLoops = 3 }, TimeProvider.System);
            try
            {
                relay.Start();
            }
            catch (SocketException) when (attempt < 20)
            {
                await relay.DisposeAsync();
                continue;
            }
            await using (relay)
            {
                Assert.Equal([first, first + 1, first + 2], relay.LocalEndPoints.Select(e => e.Port));
                Assert.Equal([first, first + 1, first + 2], relay.AnnouncedEndPoints.Select(e => e.Port));
            }
            return;
        }
    }

    [Fact]
    public async Task A_taken_port_fails_the_start_and_leaves_no_socket_open()
    {
        var first = 0;
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        for (var attempt = 0; attempt < 20 && first == 0; attempt++)
        {
            var port = Random.Shared.Next(20_000, 30_000);
            try
            {
                holder.Bind(new IPEndPoint(IPAddress.Loopback, port + 1));
                first = port;
            }
            catch (SocketException)
            {
            }
        }
        Assert.NotEqual(0, first);

        var relay = new Relay(new RelayOptions { BindAddress = "127.0.0.1", UdpPort = first, ReceiveLoops = 2 }, TimeProvider.System);
        await using (relay)
        {
            Assert.Throws<SocketException>(relay.Start);
            Assert.Empty(relay.LocalEndPoints);
            Assert.Throws<MediaControlException>(() => relay.OpenRoom(Guid.NewGuid()).Subscribe("page", "anna"));
        }
        // Loop 0's socket, opened before loop 1's failed, was closed again.
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, first));
    }
}
