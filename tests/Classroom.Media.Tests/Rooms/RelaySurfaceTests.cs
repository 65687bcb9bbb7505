using Classroom.Media.Rooms;
using Classroom.Media.Sfu;
using Classroom.Testing.Media;
using Microsoft.Extensions.Time.Testing;
using static Classroom.Media.Tests.Rooms.RelayHarness;

namespace Classroom.Media.Tests.Rooms;

/// <summary>
/// The relay's surface driven as the host drives it, without any host: rooms, grants, a publisher's
/// offer → answer, a receiver's offer ← answer, real ICE, DTLS and SRTP with synthetic browsers over
/// loopback UDP, and the events the host publishes.
/// </summary>
public sealed class RelaySurfaceTests
{
    private const MediaGrant Everything = MediaGrant.Audio | MediaGrant.Video | MediaGrant.Screen;
    private static readonly Guid Lesson = Guid.NewGuid();

    [Fact]
    public async Task A_teachers_tracks_fan_out_to_every_receiver_in_order_and_the_room_announces_them()
    {
        await using var harness = new RelayHarness();
        var relay = harness.Relay;
        relay.SetGrants(Lesson, Grants(("teacher", Everything), ("anna", MediaGrant.None), ("boris", MediaGrant.None)));
        var room = relay.OpenRoom(Lesson);

        var teacher = await harness.PublishAsync(room, "page-t", "teacher", audio: 0xA1, video: 0xB1);
        Assert.Equal([Lesson], harness.TracksChanged);
        Assert.Equal([MediaKind.Audio, MediaKind.Video], room.Tracks.Select(t => t.Kind).Order());
        Assert.All(room.Tracks, t => Assert.Equal("teacher", t.ParticipantId));

        var receivers = new List<(SyntheticPeer Peer, uint Audio, uint Video)>();
        foreach (var name in new[] { "anna", "boris" })
        {
            var (peer, offer) = await harness.SubscribeAsync(room, $"page-{name}", name);
            Assert.Equal(2, offer.Sections.Count);
            receivers.Add((peer, OfferedSsrc(offer, "teacher", MediaKind.Audio), OfferedSsrc(offer, "teacher", MediaKind.Video)));
        }

        // The relay may finish its side of a handshake a moment after the browser: probe until both hear.
        ushort audio = 100, video = 5000;
        await Until(() =>
        {
            RtpPackets.Send(teacher, 0xA1, 111, audio++, 1);
            RtpPackets.Send(teacher, 0xB1, 96, video++, 1, payload: 1000);
            return receivers.All(r => Count(r.Peer, r.Audio) > 0 && Count(r.Peer, r.Video) > 0);
        }, "the teacher's media did not reach both receivers");
        await Task.Delay(200);
        var before = receivers.Select(r => (Count(r.Peer, r.Audio), Count(r.Peer, r.Video))).ToList();
        RtpPackets.Send(teacher, 0xA1, 111, audio, 30);
        RtpPackets.Send(teacher, 0xB1, 96, video, 30, payload: 1000);
        for (var i = 0; i < receivers.Count; i++)
        {
            var (r, a, v) = receivers[i];
            var (a0, v0) = before[i];
            await Until(() => Count(r, a) - a0 == 30 && Count(r, v) - v0 == 30, "a burst did not all reach a receiver");
        }
        Assert.True(room.Forwarded >= 4 * 30);
        Assert.All(room.Tracks, t => Assert.Equal(2, t.Receivers));
    }

    [Fact]
    public async Task A_grant_snapshot_without_audio_drops_the_muted_producers_packets_until_a_snapshot_allows_it_again()
    {
        await using var harness = new RelayHarness();
        var relay = harness.Relay;
        relay.SetGrants(Lesson, Grants(("anna", MediaGrant.Audio), ("teacher", MediaGrant.None)));
        var room = relay.OpenRoom(Lesson);
        var anna = await harness.PublishAsync(room, "page-a", "anna", audio: 0xAA, video: null);
        var (teacher, offer) = await harness.SubscribeAsync(room, "page-t", "teacher");
        var annaAudio = OfferedSsrc(offer, "anna", MediaKind.Audio);
        ushort sequence = 1;
        await Until(() =>
        {
            RtpPackets.Send(anna, 0xAA, 111, sequence++, 1);
            return Count(teacher, annaAudio) >= 5;
        }, "Anna's audio did not arrive while she had the floor");
        await Task.Delay(100);
        var heard = Count(teacher, annaAudio);

        relay.SetGrants(Lesson, Grants(("anna", MediaGrant.Video), ("teacher", MediaGrant.None)));
        Assert.False(relay.GrantsOf(Lesson).Allows("anna", MediaKind.Audio));
        var dropped = room.DroppedByGrant;
        RtpPackets.Send(anna, 0xAA, 111, sequence, 25);
        sequence += 25;
        await Until(() => room.DroppedByGrant - dropped == 25, "the relay did not see Anna's packets");
        Assert.Equal(heard, Count(teacher, annaAudio));

        relay.SetGrants(Lesson, Grants(("anna", MediaGrant.Audio), ("teacher", MediaGrant.None)));
        RtpPackets.Send(anna, 0xAA, 111, sequence, 5);
        await Until(() => Count(teacher, annaAudio) == heard + 5, "Anna's audio did not resume with the floor");
    }

    [Fact]
    public async Task Closing_a_transport_raises_transport_gone_and_ends_its_tracks_and_an_idle_room_without_grants_is_forgotten()
    {
        await using var harness = new RelayHarness();
        var relay = harness.Relay;
        relay.SetGrants(Lesson, Grants(("teacher", Everything), ("anna", MediaGrant.None)));
        var room = relay.OpenRoom(Lesson);
        await harness.PublishAsync(room, "page-t", "teacher", audio: 0xA1, video: 0xB1);
        await harness.SubscribeAsync(room, "page-a", "anna");
        Assert.Equal((2, 2), (relay.PeerCount, relay.SessionCount));

        room.Unpublish("page-t");
        Assert.Equal([new TransportGone(Lesson, "page-t", "teacher", TransportDirection.Publishing, TransportGoneReason.Closed)], harness.Gone);
        Assert.Equal([Lesson, Lesson], harness.TracksChanged);
        Assert.Empty(room.Tracks);
        Assert.Equal(1, relay.PeerCount);
        // The page that received now gets an offer whose sections are all inactive.
        var inactive = room.Subscribe("page-a", "anna");
        Assert.Empty(inactive.Sections);

        room.CloseParticipant("anna");
        Assert.Equal(new TransportGone(Lesson, "page-a", "anna", TransportDirection.Receiving, TransportGoneReason.Closed), harness.Gone[^1]);
        Assert.Equal((0, 0, 1), (relay.PeerCount, relay.AddressCount, relay.SessionCount));
        relay.CloseSession("page-t");
        Assert.Same(room, relay.FindRoom(Lesson)); // still has grants: everyone is still in the lesson
        relay.SetGrants(Lesson, MediaGrants.None);
        Assert.Null(relay.FindRoom(Lesson));
        Assert.Equal(0, relay.RoomCount);
    }

    [Fact]
    public async Task Closing_a_room_ends_every_session_in_it_and_forgets_its_grants()
    {
        await using var harness = new RelayHarness();
        var relay = harness.Relay;
        relay.SetGrants(Lesson, Grants(("teacher", Everything), ("anna", MediaGrant.None)));
        var room = relay.OpenRoom(Lesson);
        await harness.PublishAsync(room, "page-t", "teacher", audio: 0xA1, video: null);
        room.Subscribe("page-a", "anna");

        relay.CloseRoom(Lesson);

        Assert.Equal(
            [("page-a", TransportDirection.Receiving), ("page-t", TransportDirection.Publishing)],
            harness.Gone.Select(g => (g.SessionId, g.Direction)).Order());
        Assert.All(harness.Gone, g => Assert.Equal(TransportGoneReason.Closed, g.Reason));
        Assert.Equal((0, 0, 0), (relay.PeerCount, relay.SessionCount, relay.RoomCount));
        Assert.False(relay.GrantsOf(Lesson).Allows("teacher", MediaKind.Audio));
        Assert.Empty(room.Tracks);
    }

    [Fact]
    public async Task A_transport_whose_browser_went_silent_is_closed_when_its_consent_expires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = new RelayHarness(time);
        var relay = harness.Relay;
        relay.SetGrants(Lesson, Grants(("teacher", Everything), ("anna", MediaGrant.None)));
        var room = relay.OpenRoom(Lesson);
        var teacher = await harness.PublishAsync(room, "page-t", "teacher", audio: 0xA1, video: null);
        var (anna, _) = await harness.SubscribeAsync(room, "page-a", "anna");
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Empty(harness.Gone);

        // Anna's page vanishes; the teacher's keeps answering (its consent checks are stamped on the fake clock).
        await harness.VanishAsync(anna);
        var checks = teacher.IceChecksSucceeded;
        await Until(() => teacher.IceChecksSucceeded > checks, "the teacher's page sent no consent check");
        time.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal([new TransportGone(Lesson, "page-a", "anna", TransportDirection.Receiving, TransportGoneReason.ConsentExpired)], harness.Gone);
        Assert.Single(room.Tracks);
        Assert.Equal(1, relay.PeerCount);
    }

    [Fact]
    public async Task Each_report_interval_tells_the_host_how_a_publishers_tracks_arrive()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = new RelayHarness(time);
        var relay = harness.Relay;
        var reports = new List<LinkStatistics>();
        relay.LinkStatistics += s => { lock (reports) reports.Add(s); };
        relay.SetGrants(Lesson, Grants(("anna", MediaGrant.None)));
        var room = relay.OpenRoom(Lesson);
        var anna = await harness.PublishAsync(room, "page-a", "anna", audio: 0xAA, video: null);
        // Sequence 1 to 10 without 5: one packet lost on the way. Nobody may hear her, so each is counted as dropped.
        foreach (ushort sequence in new ushort[] { 1, 2, 3, 4, 6, 7, 8, 9, 10 }) RtpPackets.Send(anna, 0xAA, 111, sequence, 1);
        await Until(() => room.DroppedByGrant == 9, "the relay did not see Anna's packets");

        time.Advance(TimeSpan.FromSeconds(1));

        LinkStatistics report;
        lock (reports) report = Assert.Single(reports);
        Assert.Equal((Lesson, "page-a", "anna"), (report.RoomId, report.SessionId, report.ParticipantId));
        var track = Assert.Single(report.Tracks);
        Assert.Equal((room.Tracks.Single().TrackId, MediaKind.Audio, 1), (track.TrackId, track.Kind, track.CumulativeLost));
    }

    [Fact]
    public async Task Control_requests_that_cannot_be_honoured_are_refused_with_their_error_and_change_nothing()
    {
        var stopped = new Relay(new RelayOptions(), TimeProvider.System);
        Assert.Equal(MediaControlError.Disabled, Assert.Throws<MediaControlException>(() => stopped.OpenRoom(Lesson).Subscribe("p", "anna")).Error);

        await using var harness = new RelayHarness(configure: o => o.RenegotiationsPerMinute = 1);
        var room = harness.Relay.OpenRoom(Lesson);
        Assert.Equal(MediaControlError.BadOffer, Refused(() => room.Publish("page-a", "anna", "v=0\r\nnot sdp")));
        Assert.Equal(MediaControlError.BadAnswer, Refused(() => room.AcceptAnswer("page-a", 1, "v=0\r\n")));
        var browser = harness.NewPeer();
        var offer = browser.CreateOffer(0xA, 0xB);
        Assert.Equal(MediaControlError.BadOffer, Refused(() => room.Publish("page-a", "anna", offer, new Dictionary<string, MediaKind> { ["0"] = MediaKind.Screen })));
        Assert.Equal(0, harness.Relay.PeerCount);

        room.Publish("page-a", "anna", offer);
        room.Publish("page-a", "anna", offer); // one renegotiation a minute
        Assert.Equal(MediaControlError.RateLimited, Refused(() => room.Publish("page-a", "anna", offer)));
        var receive = room.Subscribe("page-t", "teacher");
        var answer = harness.NewPeer().CreateAnswer(receive.Sdp!);
        Assert.Equal(MediaControlError.Stale, Refused(() => room.AcceptAnswer("page-t", receive.Version + 1, answer)));
        Assert.Equal(MediaControlError.BadAnswer, Refused(() => room.AcceptAnswer("page-t", receive.Version, answer.Replace("a=setup:active", "a=setup:passive", StringComparison.Ordinal))));
        room.AcceptAnswer("page-t", receive.Version, answer);
        Assert.Equal(2, harness.Relay.PeerCount);
    }

    private static MediaControlError Refused(Action call) => Assert.Throws<MediaControlException>(call).Error;
}
