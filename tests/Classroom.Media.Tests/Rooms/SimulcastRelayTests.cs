using System.Collections.Concurrent;
using Classroom.Media.Rooms;
using Classroom.Media.Sfu;
using Classroom.Testing.Media;
using static Classroom.Media.Tests.Rooms.RelayHarness;

namespace Classroom.Media.Tests.Rooms;

/// <summary>
/// A synthetic browser publishes a camera in three rid-tagged simulcast layers over real ICE, DTLS
/// and SRTP; a receiver gets exactly one layer's packets under the one SSRC the relay offered it, and
/// the layer the host prefers for it.
/// </summary>
public sealed class SimulcastRelayTests
{
    private static readonly Guid Lesson = Guid.NewGuid();
    private static readonly string[] Rids = ["q", "h", "f"];

    [Fact]
    public async Task A_receiver_gets_one_layer_of_a_three_layer_camera_under_one_ssrc_and_the_lowest_when_the_host_prefers_it()
    {
        await using var harness = new RelayHarness();
        var relay = harness.Relay;
        relay.SetGrants(Lesson, Grants(("teacher", MediaGrant.Video)));
        var room = relay.OpenRoom(Lesson);
        var teacher = harness.NewPeer();
        var answer = room.Publish("page-t", "teacher", teacher.CreateOffer(null, 0xB0, videoRids: Rids));
        Assert.Contains("a=simulcast:recv q;h;f", answer);
        await teacher.ConnectAsync(answer, CancellationToken.None);

        var (anna, offer) = await harness.SubscribeAsync(room, "page-a", "anna");
        var offered = OfferedSsrc(offer, "teacher", MediaKind.Video);
        var layers = new ConcurrentQueue<byte>();
        anna.RtpReceived = packet => layers.Enqueue(packet.Span[^1]);

        ushort[] sequence = [100, 20_000, 60_000];
        var picture = 0;
        void Frame(bool key)
        {
            for (var layer = 0; layer < 3; layer++)
            {
                var packet = RtpPackets.Vp8((uint)(0xB0 + layer), sequence[layer]++, (uint)(picture * 3000 + layer * 1_000_000), picture, (byte)picture, key,
                    mid: "1", rid: Rids[layer], fill: layer);
                Assert.True(teacher.SendRtp(packet));
            }
            picture++;
        }

        // The receiver starts on the first layer whose key frame comes while it is the best arriving
        // one (the layers start arriving one after another) and climbs to the top at its key frame.
        await Until(() =>
        {
            Frame(key: picture % 10 == 0);
            return layers.Count(l => l == 2) > 5;
        }, "the top layer did not reach the receiver");
        Assert.Equal(MediaKind.Video, Assert.Single(room.Tracks).Kind);
        var start = layers.ToList();
        Assert.All(start.Skip(start.IndexOf(2)), layer => Assert.Equal(2, layer));
        var before = start.Count;

        room.SetPreferredLayer("page-a", null, Room.LowestLayer);
        await Until(() =>
        {
            Frame(key: picture % 10 == 0);
            return layers.Count(l => l == 0) > 5;
        }, "the receiver never got the lowest layer");
        // Top layer packets until the switch, lowest after it, never both interleaved.
        var got = layers.Skip(before).ToList();
        var switched = got.IndexOf(0);
        Assert.All(got.Take(switched), layer => Assert.Equal(2, layer));
        Assert.All(got.Skip(switched), layer => Assert.Equal(0, layer));
        Assert.Equal([offered], anna.ReceivedBySsrc.Keys);

        Assert.Throws<MediaControlException>(() => room.SetPreferredLayer("page-a", null, 3));
        var error = Assert.Throws<MediaControlException>(() => room.SetPreferredLayer("page-a", "no-such-track", 0));
        Assert.Equal(MediaControlError.NotFound, error.Error);
    }
}
