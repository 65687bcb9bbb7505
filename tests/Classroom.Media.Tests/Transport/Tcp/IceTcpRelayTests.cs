using System.Net;
using System.Net.Sockets;
using Classroom.Media.Rooms;
using Classroom.Media.Sdp;
using Classroom.Media.Sfu;
using Classroom.Media.Tests.Rooms;
using Classroom.Media.Transport;
using Classroom.Testing.Media;
using static Classroom.Media.Tests.Rooms.RelayHarness;

namespace Classroom.Media.Tests.Transport.Tcp;

/// <summary>
/// ICE-TCP through the whole relay: synthetic browsers whose checks, DTLS handshake and SRTP all run
/// over one TCP connection (RFC 6544 passive candidate, RFC 4571 framing), mixed with UDP ones in
/// the same room, as a class with one school behind a UDP-blocking firewall would be.
/// </summary>
public sealed class IceTcpRelayTests
{
    private const MediaGrant Everything = MediaGrant.Audio | MediaGrant.Video | MediaGrant.Screen;
    private static readonly Guid Lesson = Guid.NewGuid();

    [Fact]
    public async Task Answers_and_offers_carry_a_passive_tcp_candidate_below_the_udp_one()
    {
        await using var harness = new RelayHarness();
        harness.Relay.SetGrants(Lesson, Grants(("teacher", Everything), ("anna", MediaGrant.None)));
        var room = harness.Relay.OpenRoom(Lesson);
        var answer = room.Publish("page-t", "teacher", harness.NewPeer().CreateOffer(0xA1, null));
        var offer = room.Subscribe("page-a", "anna").Sdp!;
        var tcpPort = harness.Relay.TcpLocalEndPoint!.Port;
        foreach (var sdp in new[] { answer, offer })
        {
            Assert.True(SessionDescription.TryParse(sdp, out var parsed, out _));
            var candidates = parsed.Media.First(m => m.Port != 0).Values("candidate").ToList();
            var udp = candidates.Single(c => c.Contains(" udp ", StringComparison.Ordinal)).Split(' ');
            var tcp = candidates.Single(c => c.Contains(" tcp ", StringComparison.Ordinal)).Split(' ');
            // RFC 6544 §4.5: "typ host tcptype passive"; priority (126 << 24) + ((4 << 13) + 8191 << 8) + 255.
            Assert.Equal(["2", "1", "tcp", "2124414975", "127.0.0.1", tcpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "typ", "host", "tcptype", "passive"], tcp);
            Assert.True(uint.Parse(tcp[3], System.Globalization.CultureInfo.InvariantCulture) < uint.Parse(udp[3], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task A_publisher_over_tcp_reaches_udp_and_tcp_receivers_and_gets_its_reports_over_tcp()
    {
        await using var harness = new RelayHarness();
        var relay = harness.Relay;
        relay.SetGrants(Lesson, Grants(("teacher", Everything), ("anna", MediaGrant.None), ("boris", MediaGrant.None)));
        var room = relay.OpenRoom(Lesson);

        var teacher = await harness.PublishAsync(room, "page-t", "teacher", audio: 0xA1, video: 0xB1, overTcp: true);
        var (anna, annaOffer) = await harness.SubscribeAsync(room, "page-a", "anna");
        var (boris, borisOffer) = await harness.SubscribeAsync(room, "page-b", "boris", overTcp: true);
        Assert.False(anna.OverTcp);
        Assert.True(teacher.OverTcp && boris.OverTcp);
        var receivers = new[]
        {
            (Peer: anna, Audio: OfferedSsrc(annaOffer, "teacher", MediaKind.Audio), Video: OfferedSsrc(annaOffer, "teacher", MediaKind.Video)),
            (Peer: boris, Audio: OfferedSsrc(borisOffer, "teacher", MediaKind.Audio), Video: OfferedSsrc(borisOffer, "teacher", MediaKind.Video)),
        };

        ushort audio = 100, video = 5000;
        await Until(() =>
        {
            SendRtp(teacher, 0xA1, 111, audio++, 1);
            SendRtp(teacher, 0xB1, 96, video++, 1, payload: 1000);
            return receivers.All(r => Count(r.Peer, r.Audio) > 0 && Count(r.Peer, r.Video) > 0);
        }, "the teacher's media over TCP did not reach both receivers");
        await Task.Delay(200);
        var before = receivers.Select(r => (Count(r.Peer, r.Audio), Count(r.Peer, r.Video))).ToList();
        SendRtp(teacher, 0xA1, 111, audio, 30);
        SendRtp(teacher, 0xB1, 96, video, 30, payload: 1000);
        for (var i = 0; i < receivers.Length; i++)
        {
            var (r, a, v) = receivers[i];
            var (a0, v0) = before[i];
            // TCP loses nothing on loopback and neither does the relay's queue at this rate: every packet arrives.
            await Until(() => Count(r, a) - a0 == 30 && Count(r, v) - v0 == 30, "a burst did not all reach a receiver");
        }
        // The relay's receiver reports and REMB travel back over the publisher's connection.
        await Until(() => teacher.ReceivedRtcp > 0, "no RTCP reached the publisher over TCP");
        Assert.Equal(2, relay.TcpListener!.Open);
        Assert.Equal(0, relay.TcpListener.Pending);
        Assert.Equal(0, relay.Faults);
        Assert.Equal(0, relay.Counters().Tcp.QueueDrops);
    }

    [Fact]
    public async Task A_udp_publisher_reaches_a_tcp_receiver_whose_connection_closes_with_its_session()
    {
        await using var harness = new RelayHarness();
        var relay = harness.Relay;
        relay.SetGrants(Lesson, Grants(("teacher", Everything), ("anna", MediaGrant.None)));
        var room = relay.OpenRoom(Lesson);
        var teacher = await harness.PublishAsync(room, "page-t", "teacher", audio: 0xA1, video: null);
        var (anna, offer) = await harness.SubscribeAsync(room, "page-a", "anna", overTcp: true);
        var ssrc = OfferedSsrc(offer, "teacher", MediaKind.Audio);
        ushort sequence = 1;
        await Until(() =>
        {
            SendRtp(teacher, 0xA1, 111, sequence++, 1);
            return Count(anna, ssrc) > 0;
        }, "the UDP publisher's audio did not reach the TCP receiver");

        relay.CloseSession("page-a");
        await Until(() => anna.TcpClosed, "the relay did not close the receiver's connection with its session");
        await Until(() => relay.TcpListener!.Open == 0, "the closed connection is still counted open");
    }
}
