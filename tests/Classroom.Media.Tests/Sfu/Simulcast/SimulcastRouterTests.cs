using System.Buffers.Binary;
using Classroom.Media.Rtcp;
using Classroom.Media.Rtp;
using Classroom.Media.Sfu;
using Classroom.Media.Sfu.Simulcast;
using Classroom.Testing.Media;
using Microsoft.Extensions.Time.Testing;

namespace Classroom.Media.Tests.Sfu.Simulcast;

/// <summary>
/// A simulcast camera of three layers through the router, on synthetic packet sequences: each layer
/// its own SSRC, sequence, timestamp base and VP8 picture ids, as Chromium sends them.
/// </summary>
public sealed class SimulcastRouterTests
{
    private static readonly RtpCodec Vp8 = new("VP8", 90000, 1, 98, null, ["nack", "nack pli"]);
    private static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(50);
    private const uint FrameTicks = 4500; // 50 ms at 90 kHz
    private const uint MinSwitchTicks = 90000 / StreamContinuity.MinFrameRate;

    private readonly FakeTimeProvider _time = new();
    private readonly Router _router;
    private readonly Recorder _publisher = new();
    private readonly Publication _publication;
    private readonly Producer _camera;
    private readonly Layer[] _layers =
    [
        new(0x10, "q", 1000, 111_000, 100, 10),
        new(0x20, "h", 20_000, 2_000_000_000, 32_760, 250),
        new(0x30, "f", 65_530, 4_294_960_000, 7000, 0),
    ];

    public SimulcastRouterTests()
    {
        _router = new Router(Guid.NewGuid(), _time) { Grants = new MediaGrants([KeyValuePair.Create("s-anna", MediaGrant.Video)]) };
        _publication = new Publication("s-anna", _publisher) { MidExtensionId = RtpPackets.MidId, RidExtensionId = RtpPackets.RidId };
        _camera = new Producer("s-anna", "t-cam", MediaKind.Video, "1", Vp8, _publisher, rids: ["q", "h", "f"], time: _time);
        _publication.Replace([_camera]);
        _router.Add(_camera);
    }

    private sealed class Layer(uint ssrc, string rid, ushort sequence, uint timestamp, int pictureId, byte tl0)
    {
        public uint Ssrc = ssrc;
        public string Rid = rid;
        public ushort Sequence = sequence;
        public uint Timestamp = timestamp;
        public int PictureId = pictureId;
        public byte Tl0 = tl0;
        public int Sent;
    }

    /// <summary>One packet as a transport got it, read back.</summary>
    private sealed record Received(uint Ssrc, ushort Sequence, uint Timestamp, int PictureId, byte Tl0, bool KeyFrame, bool Start, int Layer, byte[] Bytes);

    private sealed class Recorder : IRtpSink
    {
        public List<Received> Rtp { get; } = [];
        public List<byte[]> Rtcp { get; } = [];

        public bool SendRtp(ReadOnlySpan<byte> packet)
        {
            Assert.True(RtpPacket.TryParse(packet, out var rtp));
            var payload = packet.Slice(rtp.PayloadOffset, rtp.PayloadLength);
            Assert.True(Vp8Descriptor.TryParse(payload, out var d));
            Rtp.Add(new Received(rtp.Ssrc, rtp.SequenceNumber, rtp.Timestamp, d.PictureId, d.Tl0PicIdx, d.IsKeyFrame, d.StartOfPartition, payload[^1], packet.ToArray()));
            return true;
        }

        public bool SendRtcp(ReadOnlySpan<byte> packet)
        {
            Rtcp.Add(packet.ToArray());
            return true;
        }

        /// <summary>The media SSRCs of the PLIs sent here, in order.</summary>
        public List<uint> Plis() => Rtcp.Where(p => p.Length == PictureLossIndication.Size && p[1] == (byte)RtcpPacketType.PayloadFeedback)
            .Select(p => BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(8))).ToList();
    }

    /// <summary>One frame of <paramref name="layer"/> in <paramref name="packets"/> packets; mid and rid only in each layer's first packets, as Chromium does.</summary>
    private void Frame(int layer, bool keyFrame = false, int packets = 2)
    {
        var l = _layers[layer];
        for (var p = 0; p < packets; p++)
        {
            var tagged = l.Sent++ < 3;
            var packet = RtpPackets.Vp8(l.Ssrc, l.Sequence++, l.Timestamp, l.PictureId, l.Tl0, keyFrame && p == 0,
                mid: tagged ? "1" : null, rid: tagged ? l.Rid : null, start: p == 0, marker: p == packets - 1, fill: layer);
            var copy = packet.ToArray();
            _router.OnRtp(_publication, packet);
            Assert.Equal(copy, packet); // the caller's buffer is left as it came
        }
        l.Timestamp += FrameTicks;
        l.PictureId = (l.PictureId + 1) & 0x7FFF;
        l.Tl0++;
    }

    /// <summary>50 ms pass, then a frame of each of <paramref name="layers"/>; <paramref name="key"/> names the layers whose frame is a key frame.</summary>
    private void Tick(int[] layers, params int[] key)
    {
        _time.Advance(FrameInterval);
        foreach (var layer in layers) Frame(layer, key.Contains(layer));
    }

    private static readonly int[] AllLayers = [0, 1, 2];

    /// <summary>The camera has been sending for a while (every layer arrives) when someone subscribes.</summary>
    private void WarmUp()
    {
        Tick(AllLayers);
        _publisher.Rtcp.Clear();
    }

    private static void AssertOneContinuousStream(IReadOnlyList<Received> got, uint ssrc)
    {
        Assert.All(got, r => Assert.Equal(ssrc, r.Ssrc));
        for (var i = 1; i < got.Count; i++)
        {
            Assert.Equal((ushort)(got[i - 1].Sequence + 1), got[i].Sequence);
            if (!got[i].Start)
            {
                // Packets of one frame share its timestamp and picture id.
                Assert.Equal(got[i - 1].Timestamp, got[i].Timestamp);
                Assert.Equal(got[i - 1].PictureId, got[i].PictureId);
                continue;
            }
            Assert.Equal((got[i - 1].PictureId + 1) & 0x7FFF, got[i].PictureId);
            Assert.Equal((byte)(got[i - 1].Tl0 + 1), got[i].Tl0);
            // Within a layer every frame is 50 ms after the one before; a switch moves on by the
            // time that passed since the last packet sent, and by at least one frame at 30 fps.
            var delta = got[i].Timestamp - got[i - 1].Timestamp;
            if (got[i].Layer == got[i - 1].Layer) Assert.Equal(FrameTicks, delta);
            else Assert.InRange(delta, MinSwitchTicks, FrameTicks);
        }
    }

    [Fact]
    public void A_subscriber_gets_one_layer_under_one_ssrc_starting_at_a_key_frame_of_the_highest()
    {
        WarmUp();
        var boris = new Recorder();
        var consumer = _router.Subscribe(_camera, boris, 0x100);

        Tick(AllLayers);
        Tick(AllLayers);
        Assert.Empty(boris.Rtp);
        // It asked for a key frame of the top layer, once within the request interval.
        Assert.Equal([0x30u], _publisher.Plis());

        Tick(AllLayers, key: 2);
        Tick(AllLayers);
        Tick(AllLayers, key: 0);
        Assert.Equal(6, boris.Rtp.Count);
        Assert.All(boris.Rtp, r => Assert.Equal(2, r.Layer));
        Assert.True(boris.Rtp[0].KeyFrame);
        AssertOneContinuousStream(boris.Rtp, 0x100);
        Assert.Equal(2, consumer.CurrentLayer);
    }

    [Fact]
    public void Switching_down_and_up_happens_only_at_key_frames_of_the_new_layer_with_continuous_sequence_timestamp_and_picture_id()
    {
        WarmUp();
        var boris = new Recorder();
        var consumer = _router.Subscribe(_camera, boris, 0x100);
        Tick(AllLayers, key: 2);
        Tick(AllLayers);

        consumer.PreferredLayer = 0;
        Tick(AllLayers);
        Tick(AllLayers);
        // Still the top layer until the low layer's key frame; its key frame was asked for.
        Assert.All(boris.Rtp, r => Assert.Equal(2, r.Layer));
        Assert.Contains(0x10u, _publisher.Plis());
        Tick(AllLayers, key: 0);
        Tick(AllLayers, key: 2);
        Tick(AllLayers);
        var down = boris.Rtp.FindIndex(r => r.Layer == 0);
        Assert.True(boris.Rtp[down].KeyFrame);
        Assert.All(boris.Rtp.Skip(down), r => Assert.Equal(0, r.Layer));

        consumer.PreferredLayer = 2;
        Tick(AllLayers, key: 1);
        Tick(AllLayers);
        Assert.All(boris.Rtp.Skip(down), r => Assert.Equal(0, r.Layer));
        Tick(AllLayers, key: 2);
        Tick(AllLayers);
        var up = boris.Rtp.FindLastIndex(r => r.Layer == 0) + 1;
        Assert.True(boris.Rtp[up].KeyFrame);
        Assert.Equal(2, boris.Rtp[up].Layer);
        Assert.All(boris.Rtp.Skip(up), r => Assert.Equal(2, r.Layer));

        AssertOneContinuousStream(boris.Rtp, 0x100);
        Assert.Equal(3, _router.LayerSwitches);
        // Down: the low key frame came 50 ms after the last top frame sent. Up: the top key frame
        // came right after the low frame of the same instant, so one frame at 30 fps.
        Assert.Equal(FrameTicks, boris.Rtp[down].Timestamp - boris.Rtp[down - 1].Timestamp);
        Assert.Equal(MinSwitchTicks, boris.Rtp[up].Timestamp - boris.Rtp[up - 1].Timestamp);
    }

    [Fact]
    public void Two_subscribers_on_different_layers_each_see_their_own_continuous_stream()
    {
        WarmUp();
        var boris = new Recorder();
        var vera = new Recorder();
        _router.Subscribe(_camera, boris, 0x100);
        var low = _router.Subscribe(_camera, vera, 0x200);
        low.PreferredLayer = 0;
        Tick(AllLayers, key: 0);
        Tick(AllLayers, key: 2);
        for (var i = 0; i < 5; i++) Tick(AllLayers);

        Assert.All(boris.Rtp, r => Assert.Equal(2, r.Layer));
        Assert.All(vera.Rtp, r => Assert.Equal(0, r.Layer));
        AssertOneContinuousStream(boris.Rtp, 0x100);
        AssertOneContinuousStream(vera.Rtp, 0x200);
    }

    [Fact]
    public void A_layer_that_stops_arriving_makes_the_consumer_fall_back_to_the_best_layer_that_does_and_climb_back()
    {
        WarmUp();
        var boris = new Recorder();
        _router.Subscribe(_camera, boris, 0x100);
        Tick(AllLayers, key: 2);
        Tick(AllLayers);

        // The publisher's uplink got worse: it stops its top layer.
        int[] lower = [0, 1];
        for (var i = 0; i < 21; i++) Tick(lower);
        Assert.All(boris.Rtp, r => Assert.Equal(2, r.Layer));
        Assert.Contains(0x20u, _publisher.Plis());
        Tick(lower, key: 1);
        Tick(lower);
        Assert.Equal(1, boris.Rtp[^1].Layer);

        // It comes back with a key frame, as a restarted encoder layer does.
        Tick(AllLayers, key: 2);
        Tick(AllLayers);
        Assert.Equal(2, boris.Rtp[^1].Layer);
        Assert.Equal(2, boris.Rtp.Count(r => r.KeyFrame) - 1);
        Assert.All(boris.Rtp.Where(r => r.Start).Zip(boris.Rtp.Where(r => r.Start).Skip(1)), pair =>
            Assert.Equal((pair.First.PictureId + 1) & 0x7FFF, pair.Second.PictureId));
        // The 1.1 s the picture froze shows in the timestamps: the next frame is that much later, not 50 ms.
        var switched = boris.Rtp.FindIndex(r => r.Layer == 1);
        Assert.Equal(FrameTicks * 22, boris.Rtp[switched].Timestamp - boris.Rtp[switched - 1].Timestamp);
        for (var i = 1; i < boris.Rtp.Count; i++) Assert.Equal((ushort)(boris.Rtp[i - 1].Sequence + 1), boris.Rtp[i].Sequence);
    }

    [Fact]
    public void A_pli_from_the_subscriber_asks_for_a_key_frame_of_the_layer_it_receives()
    {
        WarmUp();
        var boris = new Recorder();
        var subscription = new Subscription("s-boris", boris);
        var consumer = _router.Subscribe(_camera, boris, 0x100);
        subscription.Update([new SubscriptionSection("0", "video", consumer)]);
        consumer.PreferredLayer = 1;
        Tick(AllLayers, key: 1);
        _time.Advance(TimeSpan.FromSeconds(1));
        _publisher.Rtcp.Clear();

        Span<byte> pli = stackalloc byte[PictureLossIndication.Size];
        new PictureLossIndication { SenderSsrc = 0x99, MediaSsrc = 0x100 }.WriteTo(pli);
        _router.OnSubscriberRtcp(subscription, pli);
        Assert.Equal([0x20u], _publisher.Plis());
    }

    [Fact]
    public void Nacks_after_a_switch_are_answered_with_the_new_layers_packet_rewritten_and_older_numbers_not_at_all()
    {
        WarmUp();
        var boris = new Recorder();
        var subscription = new Subscription("s-boris", boris);
        var consumer = _router.Subscribe(_camera, boris, 0x100);
        subscription.Update([new SubscriptionSection("0", "video", consumer)]);
        Tick(AllLayers, key: 2);
        consumer.PreferredLayer = 0;
        Tick(AllLayers, key: 0);
        Tick(AllLayers);
        var beforeSwitch = boris.Rtp.Last(r => r.Layer == 2);
        var afterSwitch = boris.Rtp[^1];
        var sent = boris.Rtp.Count;

        Span<byte> nack = stackalloc byte[64];
        var length = new GenericNack { SenderSsrc = 0x99, MediaSsrc = 0x100, Pairs = new RtcpItemList<NackPair>([new NackPair { PacketId = beforeSwitch.Sequence }, new NackPair { PacketId = afterSwitch.Sequence }]) }.WriteTo(nack);
        _router.OnSubscriberRtcp(subscription, nack[..length]);

        var resent = Assert.Single(boris.Rtp.Skip(sent));
        Assert.Equal(afterSwitch with { Bytes = resent.Bytes }, resent);
        Assert.Equal(afterSwitch.Bytes, resent.Bytes);
    }

    [Fact]
    public void Sender_reports_reach_a_subscriber_only_for_its_layer_and_in_its_timestamp_line()
    {
        WarmUp();
        var boris = new Recorder();
        var consumer = _router.Subscribe(_camera, boris, 0x100);
        consumer.PreferredLayer = 0;
        Tick(AllLayers, key: 0);
        var first = boris.Rtp[0];

        Span<byte> report = stackalloc byte[SenderReport.MinSize];
        foreach (var layer in _layers)
        {
            var n = new SenderReport { SenderSsrc = layer.Ssrc, NtpTimestamp = 0xE000_0000_0000_0000, RtpTimestamp = layer.Timestamp - FrameTicks }.WriteTo(report);
            _router.OnPublisherRtcp(_publication, report[..n]);
        }
        var forwarded = Assert.Single(boris.Rtcp);
        Assert.Equal(0x100u, BinaryPrimitives.ReadUInt32BigEndian(forwarded.AsSpan(4)));
        Assert.Equal(first.Timestamp, BinaryPrimitives.ReadUInt32BigEndian(forwarded.AsSpan(16)));
    }

    [Fact]
    public void Learns_each_layers_ssrc_by_its_rid_and_only_for_the_rids_the_offer_declared()
    {
        var stray = RtpPackets.Vp8(0x40, 1, 1, 1, 1, keyFrame: true, mid: "1", rid: "x");
        _router.OnRtp(_publication, stray);
        Assert.Equal(1, _router.UnknownSsrc);
        Tick(AllLayers);
        Assert.Equal([0x10u, 0x20u, 0x30u], _camera.Layers.Select(l => l.Ssrc));
        Assert.Equal(["q", "h", "f"], _camera.Layers.Select(l => l.Rid));
        // A packet of a learned rid under a new SSRC takes nothing over.
        _router.OnRtp(_publication, RtpPackets.Vp8(0x41, 1, 1, 1, 1, keyFrame: true, mid: "1", rid: "q"));
        Assert.Equal(0x10u, _camera.Layers[0].Ssrc);
        Assert.Equal(2, _router.UnknownSsrc);
    }

    [Fact]
    public void Each_layer_is_reported_to_the_publisher_and_its_bitrate_measured()
    {
        for (var i = 0; i < 20; i++) Tick(AllLayers);
        // Each packet: 12 header + 8 extension (first three) + 9 descriptor and header + 100 payload; 2 per frame, 20 frames a second.
        var perSecond = 20 * 2 * (12 + 109) * 8;
        Assert.InRange(_camera.LayerBitrate(0), perSecond * 0.9, perSecond * 1.2);
        Assert.Equal(_camera.LayerBitrate(0), _camera.LayerBitrate(2));
        Assert.Equal(0, _camera.LayerBitrate(3));

        Span<byte> report = stackalloc byte[1200];
        var length = Router.WritePublisherReport(_publication, report, 150_000, 1_200_000);
        var reader = new RtcpReader(report[..length]);
        Assert.True(reader.TryRead(out _, out var rrBytes));
        Assert.True(ReceiverReport.TryParse(rrBytes, out var rr));
        Assert.Equal(3, rr.Reports.Count);
        Assert.Equal(0x10u, rr.Reports[0].Ssrc);
        Assert.Equal(0x20u, rr.Reports[1].Ssrc);
        Assert.Equal(0x30u, rr.Reports[2].Ssrc);
        Assert.True(reader.TryRead(out _, out var rembBytes));
        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(rembBytes, out var remb));
        Assert.Equal(1_800_000ul, remb.Bitrate);
        Assert.Equal(3, remb.Ssrcs.Count);

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, _camera.LayerBitrate(1));
    }

    [Fact]
    public void Malformed_vp8_descriptors_are_counted_and_never_forwarded()
    {
        WarmUp();
        var boris = new Recorder();
        _router.Subscribe(_camera, boris, 0x100);
        Tick(AllLayers, key: 2);
        var count = boris.Rtp.Count;
        var l = _layers[2];
        // X set and nothing after it: the descriptor runs past the payload.
        var packet = RtpPackets.Vp8(l.Ssrc, l.Sequence++, l.Timestamp, 0, 0, keyFrame: false, payload: 0)[..13];
        packet[12] = 0x90;
        _router.OnRtp(_publication, packet);
        Assert.Equal(1, _router.MalformedVideo);
        Assert.Equal(count, boris.Rtp.Count);

        var random = new Random(1);
        for (var i = 0; i < 20_000; i++)
        {
            var junk = new byte[random.Next(12, 40)];
            random.NextBytes(junk);
            junk[0] = (byte)(0x80 | (junk[0] & 0x3F));
            BinaryPrimitives.WriteUInt32BigEndian(junk.AsSpan(8), _layers[random.Next(3)].Ssrc);
            _router.OnRtp(_publication, junk);
        }
    }

    [Fact]
    public void The_simulcast_forwarding_path_allocates_nothing()
    {
        WarmUp();
        var consumers = Enumerable.Range(0, 30).Select(i => _router.Subscribe(_camera, new NullSink(), (uint)(0x100 + i))).ToList();
        for (var i = 0; i < consumers.Count; i++) consumers[i].PreferredLayer = i % 3;
        Tick(AllLayers, key: 0);
        Tick(AllLayers, key: 1);
        Tick(AllLayers, key: 2);
        var forwarded = _router.Forwarded;
        Assert.Equal(0, SteadyState.AllocatedBytes(() =>
        {
            for (var i = 0; i < 300; i++)
            {
                _time.Advance(FrameInterval);
                for (var layer = 0; layer < 3; layer++) SendUntagged(layer, keyFrame: i % 100 == 0);
            }
        }, rounds: 3));
        Assert.Equal(forwarded + 3 * 300 * 30, _router.Forwarded);
        Assert.All(consumers, c => Assert.Equal(consumers.IndexOf(c) % 3, c.CurrentLayer));
    }

    private readonly byte[][] _untagged = new byte[3][];

    /// <summary>A frame of one packet reusing one buffer per layer (no test allocation inside the measurement).</summary>
    private void SendUntagged(int layer, bool keyFrame)
    {
        var l = _layers[layer];
        var packet = _untagged[layer] ??= RtpPackets.Vp8(l.Ssrc, 0, 0, 0, 0, keyFrame: false, fill: layer, payload: 1000);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), l.Sequence++);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), l.Timestamp);
        packet[12 + 2] = (byte)(0x80 | (l.PictureId >> 8));
        packet[12 + 3] = (byte)l.PictureId;
        packet[12 + 6] = (byte)(keyFrame ? 0x10 : 0x11);
        _router.OnRtp(_publication, packet);
        l.Timestamp += FrameTicks;
        l.PictureId = (l.PictureId + 1) & 0x7FFF;
    }

    private sealed class NullSink : IRtpSink
    {
        public bool SendRtp(ReadOnlySpan<byte> packet) => true;
        public bool SendRtcp(ReadOnlySpan<byte> packet) => true;
    }
}
