using System.Buffers.Binary;
using Classroom.Media.Rtcp;
using Classroom.Media.Rtp;
using Classroom.Media.Sfu;
using Classroom.Media.Tests.Srtp;

namespace Classroom.Media.Tests.Sfu;

public sealed class RouterTests
{
    private const MediaGrant All = MediaGrant.Audio | MediaGrant.Video | MediaGrant.Screen;

    /// <summary>Everyone in these tests may send everything unless a test pushes another snapshot.</summary>
    private static readonly MediaGrants Everyone = new([KeyValuePair.Create("s-anna", All), KeyValuePair.Create("s-boris", All)]);

    /// <summary>A transport that records what the relay sent it.</summary>
    private sealed class Sink(string name, List<(string To, uint Ssrc, ushort Seq)>? log = null) : IRtpSink
    {
        public List<byte[]> Rtcp { get; } = [];
        public List<byte[]> Rtp { get; } = [];

        public bool SendRtp(ReadOnlySpan<byte> packet)
        {
            Assert.True(RtpPacket.TryParse(packet, out var rtp));
            log?.Add((name, rtp.Ssrc, rtp.SequenceNumber));
            Rtp.Add(packet.ToArray());
            return true;
        }

        public bool SendRtcp(ReadOnlySpan<byte> packet)
        {
            Rtcp.Add(packet.ToArray());
            return true;
        }
    }

    private static readonly RtpCodec Opus = new("opus", 48000, 2, 109, "useinbandfec=1", []);
    private static readonly RtpCodec Vp8 = new("VP8", 90000, 1, 98, null, ["nack", "nack pli"]);

    private readonly List<(string To, uint Ssrc, ushort Seq)> _sent = [];
    private readonly Router _router;
    private readonly Sink _annaTransport = new("anna-publish");
    private readonly Publication _anna;

    public RouterTests()
    {
        _router = new Router(Guid.NewGuid()) { Grants = Everyone };
        _anna = new Publication("s-anna", _annaTransport);
    }

    private Producer Track(Publication publication, MediaKind kind, uint ssrc, string mid)
    {
        var producer = new Producer(publication.ParticipantId, $"t-{mid}", kind, mid, kind == MediaKind.Audio ? Opus : Vp8, publication.Transport, ssrc);
        publication.Replace([.. publication.Producers, producer]);
        _router.Add(producer);
        return producer;
    }

    private void Feed(Publication from, uint ssrc, ushort seq, byte payloadType = 109)
    {
        var packet = SrtpTestPackets.BuildRtp(seq, ssrc, 20);
        var span = packet.AsSpan(0, 32);
        span[1] = payloadType;
        _router.OnRtp(from, span);
        // The caller's buffer is left as it came.
        Assert.Equal(ssrc, BinaryPrimitives.ReadUInt32BigEndian(span[8..]));
        Assert.Equal(seq, BinaryPrimitives.ReadUInt16BigEndian(span[2..]));
        Assert.Equal(payloadType, span[1]);
    }

    [Fact]
    public void Each_subscriber_gets_its_own_ssrc_the_relays_payload_type_and_a_continuous_sequence()
    {
        var mic = Track(_anna, MediaKind.Audio, 0xA, "0");
        var teacher = new Sink("teacher", _sent);
        var boris = new Sink("boris", _sent);
        _router.Subscribe(mic, teacher, 0x100);
        _router.Subscribe(mic, boris, 0x200);
        Feed(_anna, 0xA, 5000);
        Feed(_anna, 0xA, 5001);
        Assert.Equal([("teacher", 0x100u, (ushort)1), ("boris", 0x200u, (ushort)1), ("teacher", 0x100u, (ushort)2), ("boris", 0x200u, (ushort)2)], _sent);
        Assert.All(teacher.Rtp, p => Assert.Equal(111, p[1] & 0x7F));
        Assert.Equal(4, _router.Forwarded);
    }

    [Fact]
    public void A_muted_students_audio_is_dropped_at_the_relay_and_the_stream_resumes_without_a_gap()
    {
        var mic = Track(_anna, MediaKind.Audio, 0xA, "0");
        var cam = Track(_anna, MediaKind.Video, 0xB, "1");
        var teacher = new Sink("teacher", _sent);
        _router.Subscribe(mic, teacher, 0x100);
        _router.Subscribe(cam, teacher, 0x101);
        Feed(_anna, 0xA, 10);
        _router.Grants = new MediaGrants([KeyValuePair.Create("s-anna", MediaGrant.Video), KeyValuePair.Create("s-boris", All)]);
        for (ushort s = 11; s < 20; s++) Feed(_anna, 0xA, s);
        Feed(_anna, 0xB, 700, 98);
        _router.Grants = Everyone;
        Feed(_anna, 0xA, 20);
        Assert.Equal(9, _router.DroppedByPolicy);
        Assert.Equal([(0x100u, (ushort)1), (0x101u, (ushort)1), (0x100u, (ushort)2)], _sent.Select(s => (s.Ssrc, s.Seq)));
    }

    [Fact]
    public void Another_publishers_ssrc_cannot_feed_a_track_and_an_ended_track_stops_at_once()
    {
        var mic = Track(_anna, MediaKind.Audio, 0xA, "0");
        var intruder = new Publication("s-boris", new Sink("boris-publish"));
        Track(intruder, MediaKind.Audio, 0xC, "0");
        var teacher = new Sink("teacher", _sent);
        _router.Subscribe(mic, teacher, 0x100);
        Feed(intruder, 0xA, 1); // Boris sends with Anna's SSRC: his transport has no such track
        Feed(_anna, 0xDEAD, 1);
        Assert.Equal(2, _router.UnknownSsrc);
        _router.Remove(mic);
        Feed(_anna, 0xA, 2);
        Assert.Empty(_sent);
        Assert.Single(_router.Producers);
    }

    [Fact]
    public void A_simulcast_style_track_without_ssrc_is_learned_from_its_mid_extension_only_on_its_own_transport()
    {
        _anna.MidExtensionId = 4;
        var cam = Track(_anna, MediaKind.Video, 0, "1");
        var teacher = new Sink("teacher", _sent);
        _router.Subscribe(cam, teacher, 0x300);
        var packet = new byte[40];
        packet[0] = 0x90; // V=2, X=1
        packet[1] = 98;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 7);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x5151);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), 0xBEDE);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), 1);
        packet[16] = 4 << 4; // id 4, one byte: "1"
        packet[17] = (byte)'1';
        _router.OnRtp(_anna, packet);
        Assert.Equal(0x5151u, cam.Ssrc);
        Assert.Equal([("teacher", 0x300u, (ushort)1)], _sent);
    }

    [Fact]
    public void Picture_loss_from_a_receiver_asks_the_publisher_for_a_key_frame_once_per_interval()
    {
        var cam = Track(_anna, MediaKind.Video, 0xB, "1");
        var teacherTransport = new Sink("teacher");
        var subscription = new Subscription("t", teacherTransport);
        var consumer = _router.Subscribe(cam, teacherTransport, 0x777);
        subscription.Update([new SubscriptionSection("0", "video", consumer)]);
        var pli = new byte[PictureLossIndication.Size];
        new PictureLossIndication { SenderSsrc = 5, MediaSsrc = 0x777 }.WriteTo(pli);
        _router.OnSubscriberRtcp(subscription, pli);
        _router.OnSubscriberRtcp(subscription, pli);
        var sent = Assert.Single(_annaTransport.Rtcp);
        Assert.True(PictureLossIndication.TryParse(sent, out var relayed));
        Assert.Equal(0xBu, relayed.MediaSsrc);
        Assert.Equal(Router.RelaySsrc, relayed.SenderSsrc);
    }

    [Fact]
    public void A_nack_is_answered_from_the_relays_cache_under_the_receivers_numbering()
    {
        var cam = Track(_anna, MediaKind.Video, 0xB, "1");
        var teacherTransport = new Sink("teacher", _sent);
        var subscription = new Subscription("t", teacherTransport);
        var consumer = _router.Subscribe(cam, teacherTransport, 0x777);
        subscription.Update([new SubscriptionSection("0", "video", consumer)]);
        for (ushort s = 100; s < 105; s++) Feed(_anna, 0xB, s, 98);
        var nack = new byte[64];
        var length = new GenericNack { SenderSsrc = 5, MediaSsrc = 0x777, Pairs = new RtcpItemList<NackPair>([new NackPair { PacketId = 2, LostBitmask = 0b10 }]) }.WriteTo(nack);
        _router.OnSubscriberRtcp(subscription, nack.AsSpan(0, length));
        Assert.Equal([(ushort)1, 2, 3, 4, 5, 2, 4], _sent.Select(s => s.Seq));
        Assert.Equal(2, _router.Retransmitted);
        Assert.Equal(teacherTransport.Rtp[1], teacherTransport.Rtp[5]);
    }

    [Fact]
    public void Publishers_get_receiver_reports_and_a_remb_capped_by_their_slowest_receiver_but_not_below_the_floor()
    {
        var cam = Track(_anna, MediaKind.Video, 0xB, "1");
        var slow = new Sink("slow");
        var subscription = new Subscription("s", slow);
        var consumer = _router.Subscribe(cam, slow, 0x900);
        subscription.Update([new SubscriptionSection("0", "video", consumer)]);
        for (ushort s = 1; s <= 10; s++)
        {
            if (s != 5) Feed(_anna, 0xB, s, 98);
        }
        var remb = new byte[64];
        var rembLength = new ReceiverEstimatedMaxBitrate { SenderSsrc = 5, Bitrate = 90_000, Ssrcs = new RtcpItemList<SsrcEntry>([new SsrcEntry(0x900)]) }.WriteTo(remb);
        _router.OnSubscriberRtcp(subscription, remb.AsSpan(0, rembLength));
        var report = new byte[1200];
        var length = Router.WritePublisherReport(_anna, report, floor: 150_000, cap: 1_000_000);
        var reader = new RtcpReader(report.AsSpan(0, length));
        Assert.True(reader.TryRead(out _, out var rrBytes));
        Assert.True(ReceiverReport.TryParse(rrBytes, out var rr));
        var block = rr.Reports[0];
        Assert.Equal(0xBu, block.Ssrc);
        Assert.Equal(1, block.CumulativeLost);
        Assert.Equal(10u, block.ExtendedHighestSequence);
        Assert.Equal(25, block.FractionLost); // 1 of 10 → 25.6/256
        Assert.True(reader.TryRead(out _, out var rembBytes));
        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(rembBytes, out var asked));
        Assert.Equal(150_000ul, asked.Bitrate);
    }

    [Fact]
    public void The_forwarding_path_allocates_nothing()
    {
        var quiet = new Router(Guid.NewGuid()) { Grants = Everyone };
        var publication = new Publication("s-anna", new Sink("p"));
        var producer = new Producer("s-anna", "t", MediaKind.Video, "1", Vp8, publication.Transport, 0xA);
        publication.Replace([producer]);
        quiet.Add(producer);
        var nothing = new NullSink();
        for (var i = 0; i < 30; i++) quiet.Subscribe(producer, nothing, (uint)(0x100 + i));
        var packet = SrtpTestPackets.BuildRtp(1, 0xA, 1000).AsMemory(0, 1012);
        for (var i = 0; i < 100; i++) quiet.OnRtp(publication, packet.Span);
        var sequence = 0;
        Assert.Equal(0, SteadyState.AllocatedBytes(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                BinaryPrimitives.WriteUInt16BigEndian(packet.Span[2..], (ushort)sequence++);
                quiet.OnRtp(publication, packet.Span);
            }
        }, rounds: 3));
        Assert.Equal(30 * (100 + 3 * 10_000), quiet.Forwarded);
    }

    private sealed class NullSink : IRtpSink
    {
        public bool SendRtp(ReadOnlySpan<byte> packet) => true;
        public bool SendRtcp(ReadOnlySpan<byte> packet) => true;
    }
}
