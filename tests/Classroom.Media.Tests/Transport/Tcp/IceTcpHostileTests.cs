using System.Net;
using System.Net.Sockets;
using System.Text;
using Classroom.Media.Rooms;
using Classroom.Media.Sfu;
using Classroom.Media.Tests.Ice;
using Classroom.Media.Tests.Rooms;
using Classroom.Media.Transport;
using Classroom.Media.Transport.Tcp;
using Classroom.Testing.Media;
using Microsoft.Extensions.Time.Testing;
using static Classroom.Media.Tests.Rooms.RelayHarness;

namespace Classroom.Media.Tests.Transport.Tcp;

/// <summary>
/// A stranger on the school's network with the relay's TCP port: garbage, nothing at all, a frame
/// announcing 64 KiB, a frame that never finishes, more connections than allowed. Each costs only its
/// own connection; a lesson already running over TCP and UDP carries on untouched.
/// </summary>
public sealed class IceTcpHostileTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly Guid Lesson = Guid.NewGuid();

    private static async Task<Socket> ConnectAsync(Relay relay)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(relay.TcpLocalEndPoint!);
        return socket;
    }

    /// <summary>True once the relay closed the connection (an orderly close, or a reset when our bytes were unread).</summary>
    private static async Task<bool> ClosedByRelayAsync(Socket socket)
    {
        var buffer = new byte[64];
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask().WaitAsync(Wait);
                if (read == 0) return true;
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static byte[] Framed(ReadOnlySpan<byte> packet)
    {
        var frame = new byte[packet.Length + 2];
        Rfc4571Deframer.Write(frame, packet);
        return frame;
    }

    /// <summary>A lesson running: a teacher publishing over TCP, a student receiving over UDP; returns a probe that proves a full burst still arrives.</summary>
    private static async Task<Func<Task>> LessonAsync(RelayHarness harness)
    {
        harness.Relay.SetGrants(Lesson, Grants(("teacher", MediaGrant.Audio), ("anna", MediaGrant.None), ("eve", MediaGrant.Audio)));
        var room = harness.Relay.OpenRoom(Lesson);
        var teacher = await harness.PublishAsync(room, "page-t", "teacher", audio: 0xA1, video: null, overTcp: true);
        var (anna, offer) = await harness.SubscribeAsync(room, "page-a", "anna");
        var ssrc = OfferedSsrc(offer, "teacher", MediaKind.Audio);
        ushort sequence = 1;
        await Until(() =>
        {
            RtpPackets.Send(teacher, 0xA1, 111, sequence++, 1);
            return Count(anna, ssrc) > 0;
        }, "the lesson's audio did not start");
        return async () =>
        {
            await Task.Delay(100);
            var before = Count(anna, ssrc);
            RtpPackets.Send(teacher, 0xA1, 111, sequence, 40);
            sequence += 40;
            await Until(() => Count(anna, ssrc) - before == 40, "the running lesson lost packets to the stranger");
        };
    }

    [Fact]
    public async Task Garbage_a_foreign_ufrag_and_an_oversized_frame_each_close_only_their_own_connection()
    {
        await using var harness = new RelayHarness();
        var relay = harness.Relay;
        var lessonStillFlows = await LessonAsync(harness);
        var listener = relay.TcpListener!;

        using var garbage = await ConnectAsync(relay);
        await garbage.SendAsync(Framed([0x80, 0x6F, 0x00, 0x01, 1, 2, 3, 4, 5, 6, 7, 8])); // RTP before any check
        Assert.True(await ClosedByRelayAsync(garbage), "an RTP-looking first frame did not close the connection");

        using var stranger = await ConnectAsync(relay);
        await stranger.SendAsync(Framed(BindingRequests.Create("nobody:someone", Encoding.ASCII.GetBytes("not-a-password-of-ours"))));
        Assert.True(await ClosedByRelayAsync(stranger), "a check for a ufrag the relay never gave out did not close the connection");

        using var oversized = await ConnectAsync(relay);
        await oversized.SendAsync(new byte[] { 0xFF, 0xFF, 0x00, 0x01 }); // 65,535 announced
        Assert.True(await ClosedByRelayAsync(oversized), "a 64 KiB frame header did not close the connection");

        Assert.Equal(2, listener.ClosedFor(TcpCloseReason.NotStunFirst));
        Assert.Equal(1, listener.ClosedFor(TcpCloseReason.InvalidFrame));
        await Until(() => listener.Open == 1, "a stranger's connection is still open"); // the teacher's
        await lessonStillFlows();
        Assert.Equal(0, relay.Faults);
    }

    [Fact]
    public async Task Silence_a_frame_that_never_finishes_and_one_connection_too_many_are_cut_off_by_the_relays_bounds()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = new RelayHarness(time);
        var relay = harness.Relay;
        var lessonStillFlows = await LessonAsync(harness);
        var listener = relay.TcpListener!;
        var limits = listener.Limits;

        // As many unbound connections from one address as allowed, then one more: refused at once.
        var silent = new List<Socket>();
        for (var i = 0; i < limits.MaxPendingPerAddress; i++) silent.Add(await ConnectAsync(relay));
        await Until(() => listener.Pending == limits.MaxPendingPerAddress, "the silent connections were not all accepted");
        using (var extra = await ConnectAsync(relay))
        {
            Assert.True(await ClosedByRelayAsync(extra), "a connection beyond the per-address limit was kept");
        }
        Assert.Equal(1, listener.Refused);

        // Silence past the first-frame deadline closes them all.
        time.Advance(limits.FirstFrameTimeout + TimeSpan.FromSeconds(1));
        foreach (var socket in silent)
        {
            Assert.True(await ClosedByRelayAsync(socket), "a silent connection outlived the first-frame deadline");
            socket.Dispose();
        }
        Assert.Equal(limits.MaxPendingPerAddress, listener.ClosedFor(TcpCloseReason.BindTimeout));

        // A check naming a real transport of the relay (a page's, whose answer eve saw) with a forged
        // password: refused by that transport's ICE agent, so the connection binds to nothing. It may
        // wait (a browser's first check can beat its answer to the relay), but only until the bind deadline.
        var room = relay.OpenRoom(Lesson);
        var page = harness.NewPeer();
        var answer = room.Publish("page-e", "eve", page.CreateOffer(0xE1, null));
        var relayUfrag = answer.Split("a=ice-ufrag:")[1].Split('\r')[0];
        var refusedBefore = relay.Loops.Sum(l => l.Socket.DroppedFor(DropReason.StunRefused));
        using var forged = await ConnectAsync(relay);
        await forged.SendAsync(Framed(BindingRequests.Create($"{relayUfrag}:{page.Local.Ufrag}", Encoding.ASCII.GetBytes("a-guessed-password-22chars"))));
        await Until(() => relay.Loops.Sum(l => l.Socket.DroppedFor(DropReason.StunRefused)) > refusedBefore, "the forged check was not refused");
        Assert.Equal(1, listener.Pending);

        // A slowloris: one byte of a frame's length, then nothing.
        using var slow = await ConnectAsync(relay);
        await slow.SendAsync(new byte[] { 0x00 });
        await Until(() => listener.Snapshot().Any(c => c.PartialSince != 0), "the half length prefix was not read");
        time.Advance(limits.PartialFrameTimeout + TimeSpan.FromSeconds(1));
        Assert.True(await ClosedByRelayAsync(slow), "a frame left half-sent outlived its deadline");
        Assert.Equal(1, listener.ClosedFor(TcpCloseReason.PartialFrameTimeout));
        time.Advance(limits.BindTimeout);
        Assert.True(await ClosedByRelayAsync(forged), "a connection whose check was refused outlived the bind deadline");
        Assert.Equal(limits.MaxPendingPerAddress + 1, listener.ClosedFor(TcpCloseReason.BindTimeout));

        // Nothing of this reached the lesson: its connection is the only one left, and it still carries every packet.
        await Until(() => listener.Open == 1 && listener.Pending == 0, "a stranger's connection is still counted");
        await lessonStillFlows();
        Assert.Equal(0, relay.Faults);
    }
}
