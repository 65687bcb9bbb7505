using System.Net;
using System.Net.Sockets;
using Classroom.Media.Rooms;
using Classroom.Media.Sdp;
using Classroom.Media.Sfu;
using Classroom.Media.Tests.Rooms;
using Classroom.Media.Transport;
using Classroom.Testing.Media;
using Microsoft.Extensions.Time.Testing;
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
            RtpPackets.Send(teacher, 0xA1, 111, audio++, 1);
            RtpPackets.Send(teacher, 0xB1, 96, video++, 1, payload: 1000);
            return receivers.All(r => Count(r.Peer, r.Audio) > 0 && Count(r.Peer, r.Video) > 0);
        }, "the teacher's media over TCP did not reach both receivers");
        await Task.Delay(200);
        var before = receivers.Select(r => (Count(r.Peer, r.Audio), Count(r.Peer, r.Video))).ToList();
        RtpPackets.Send(teacher, 0xA1, 111, audio, 30);
        RtpPackets.Send(teacher, 0xB1, 96, video, 30, payload: 1000);
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
    public async Task A_tcp_receiver_that_stops_reading_loses_whole_packets_from_its_own_queue_only_and_its_stream_stays_framed()
    {
        await using var harness = new RelayHarness();
        var relay = harness.Relay;
        relay.SetGrants(Lesson, Grants(("teacher", Everything), ("anna", MediaGrant.None), ("boris", MediaGrant.None)));
        var room = relay.OpenRoom(Lesson);
        var teacher = await harness.PublishAsync(room, "page-t", "teacher", audio: null, video: 0xB1);
        var (boris, borisOffer) = await harness.SubscribeAsync(room, "page-b", "boris");

        // Anna is on a link slower than the class's video: a small kernel buffer and, below, no reading at all.
        var offer = room.Subscribe("page-a", "anna");
        var anna = harness.NewPeer(overTcp: true);
        anna.TcpReceiveBufferBytes = 4096;
        room.AcceptAnswer("page-a", offer.Version, anna.CreateAnswer(offer.Sdp!));
        await anna.ConnectAsync(offer.Sdp!, CancellationToken.None);
        var (annaSsrc, borisSsrc) = (OfferedSsrc(offer, "teacher", MediaKind.Video), OfferedSsrc(borisOffer, "teacher", MediaKind.Video));

        // Each packet carries its number in the payload, to see which ones arrived whole.
        var annaSaw = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        anna.RtpReceived = rtp => annaSaw[System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(rtp.Span[12..])] = true;
        var borisSaw = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        boris.RtpReceived = rtp => borisSaw[System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(rtp.Span[12..])] = true;
        var packet = new byte[12 + 1000];
        packet[0] = 0x80;
        packet[1] = 96;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0xB1);
        var next = 0;
        void Send(int count)
        {
            for (var i = 0; i < count; i++, next++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)next);
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)(next * 3000));
                System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(12), next);
                Assert.True(teacher.SendRtp(packet));
            }
        }
        await Until(() =>
        {
            Send(1);
            return Count(anna, annaSsrc) > 0 && Count(boris, borisSsrc) > 0;
        }, "video did not reach both receivers");

        anna.TcpReadingPaused = true;
        var burstStart = next;
        // 600 KB towards a reader that takes nothing: far beyond the 64 KiB queue and the kernel's buffers.
        // Paced as a camera's key frames would be, so Boris's own UDP socket buffer keeps up on a busy machine.
        for (var round = 0; round < 60; round++)
        {
            Send(10);
            await Task.Delay(15);
        }
        var burstEnd = next;
        await Until(() => relay.Counters().Tcp.QueueDrops > 0, "the stalled receiver's queue never dropped");
        // Boris, on UDP in the same room and loop, gets every packet of the burst.
        await Until(() => Enumerable.Range(burstStart, burstEnd - burstStart).All(borisSaw.ContainsKey), "the UDP receiver lost packets to the stalled TCP one");

        anna.TcpReadingPaused = false;
        // Once her queue drained, new packets reach her again.
        await Until(() =>
        {
            Send(1);
            return annaSaw.Keys.Any(k => k >= burstEnd);
        }, "the TCP receiver did not recover once it read again");
        // Everything that reached Anna authenticated and decrypted, frame by frame: dropped packets were
        // dropped whole (half a frame would have broken every frame after it).
        await Until(() => anna.ArrivedRtp == anna.ReceivedRtp, "a frame after the drops did not authenticate");
        var burstArrived = Enumerable.Range(burstStart, burstEnd - burstStart).Count(annaSaw.ContainsKey);
        Assert.InRange(burstArrived, 1, burstEnd - burstStart - 1);
        Assert.False(anna.TcpClosed);
        Assert.Equal(0, relay.Faults);
    }

    [Fact]
    public async Task The_receive_loop_forwards_from_a_tcp_publisher_to_a_tcp_receiver_without_allocating()
    {
        await using var harness = new RelayHarness();
        var relay = harness.Relay;
        relay.SetGrants(Lesson, Grants(("teacher", Everything), ("anna", MediaGrant.None)));
        var room = relay.OpenRoom(Lesson);
        var teacher = await harness.PublishAsync(room, "page-t", "teacher", audio: 0xA1, video: null, overTcp: true);
        var (anna, offer) = await harness.SubscribeAsync(room, "page-a", "anna", overTcp: true);
        var ssrc = OfferedSsrc(offer, "teacher", MediaKind.Audio);
        ushort sequence = 0;
        await Until(() =>
        {
            RtpPackets.Send(teacher, 0xA1, 111, sequence++, 1);
            return Count(anna, ssrc) > 0;
        }, "audio over TCP did not start");

        // Windows of 2,000 packets until one allocated nothing on the loop thread (the tiered JIT
        // may allocate while it swaps in optimized code; a consent check may land in a window).
        const int window = 2000;
        var windows = new List<long>();
        for (var w = 0; w < 8 && (windows.Count == 0 || windows[^1] != 0); w++)
        {
            var before = relay.Counters().LoopAllocatedBytes;
            var arrived = Count(anna, ssrc);
            for (var i = 0; i < window; i++)
            {
                RtpPackets.Send(teacher, 0xA1, 111, sequence++, 1);
                // Paced by what arrives, so neither the loop's inbox nor Anna's queue drops any.
                if (i % 100 == 99) await Until(() => Count(anna, ssrc) >= arrived + i - 200, "audio over TCP stalled");
            }
            await Until(() => Count(anna, ssrc) >= arrived + window,
                $"a window did not all arrive: {Count(anna, ssrc) - arrived} of {window}; dropped " + string.Join(", ",
                    Enum.GetValues<DropReason>().Select(r => $"{r}={relay.Loops.Sum(l => l.Socket.DroppedFor(r))}")));
            windows.Add(relay.Counters().LoopAllocatedBytes - before);
        }
        Assert.True(windows[^1] == 0, $"bytes the loop allocated per {window} packets over TCP: {string.Join(", ", windows)}");
        Assert.Equal(0, relay.Faults);
    }

    [Fact]
    public async Task Consent_checks_over_tcp_keep_a_transport_and_one_whose_browser_went_silent_is_closed_when_consent_expires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = new RelayHarness(time);
        var relay = harness.Relay;
        relay.SetGrants(Lesson, Grants(("teacher", Everything), ("anna", MediaGrant.None)));
        var room = relay.OpenRoom(Lesson);
        var teacher = await harness.PublishAsync(room, "page-t", "teacher", audio: 0xA1, video: null, overTcp: true);
        var (anna, _) = await harness.SubscribeAsync(room, "page-a", "anna", overTcp: true);
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Empty(harness.Gone);

        // Anna's page vanishes (its connection closes); the teacher's keeps sending RFC 7675 consent checks over TCP.
        await harness.VanishAsync(anna);
        var checks = teacher.IceChecksSucceeded;
        await Until(() => teacher.IceChecksSucceeded > checks, "the teacher's page got no answer to a consent check over TCP");
        time.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal([new TransportGone(Lesson, "page-a", "anna", TransportDirection.Receiving, TransportGoneReason.ConsentExpired)], harness.Gone);
        Assert.Single(room.Tracks);
        Assert.Equal(1, relay.PeerCount);
        await Until(() => relay.TcpListener!.Open == 1, "the vanished page's connection is still counted");
    }

    [Fact]
    public void Tcp_options_are_validated_and_the_port_follows_the_udp_one_unless_set()
    {
        static List<string> Errors(RelayOptions o)
        {
            var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
            System.ComponentModel.DataAnnotations.Validator.TryValidateObject(o, new(o), results, validateAllProperties: true);
            return [.. results.Select(r => r.ErrorMessage!)];
        }
        Assert.Equal(40000, new RelayOptions().TcpListenPort);
        Assert.Equal(443, new RelayOptions { TcpPort = 443 }.TcpListenPort);
        Assert.Empty(Errors(new RelayOptions()));
        Assert.NotEmpty(Errors(new RelayOptions { TcpPort = 70000 }));
        Assert.NotEmpty(Errors(new RelayOptions { MaxTcpConnections = 0 }));
        Assert.NotEmpty(Errors(new RelayOptions { MaxTcpConnections = 10, MaxPendingTcpConnections = 20 }));
        var limits = new RelayOptions { MaxTcpConnections = 10, MaxPendingTcpConnections = 5 }.TransportLimits().Tcp;
        Assert.Equal((10, 5), (limits.MaxConnections, limits.MaxPending));
    }

    [Fact]
    public async Task With_tcp_off_no_listener_opens_and_no_tcp_candidate_is_given()
    {
        await using var harness = new RelayHarness(configure: o => o.TcpEnabled = false);
        harness.Relay.SetGrants(Lesson, Grants(("teacher", Everything)));
        var answer = harness.Relay.OpenRoom(Lesson).Publish("page-t", "teacher", harness.NewPeer().CreateOffer(0xA1, null));
        Assert.Null(harness.Relay.TcpLocalEndPoint);
        Assert.DoesNotContain(" tcp ", answer, StringComparison.Ordinal);
        Assert.Contains(" udp ", answer, StringComparison.Ordinal);
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
            RtpPackets.Send(teacher, 0xA1, 111, sequence++, 1);
            return Count(anna, ssrc) > 0;
        }, "the UDP publisher's audio did not reach the TCP receiver");

        relay.CloseSession("page-a");
        await Until(() => anna.TcpClosed, "the relay did not close the receiver's connection with its session");
        await Until(() => relay.TcpListener!.Open == 0, "the closed connection is still counted open");
    }
}
