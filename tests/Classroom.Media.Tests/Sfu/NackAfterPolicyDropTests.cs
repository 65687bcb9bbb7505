using System.Buffers.Binary;
using Classroom.Media.Rtcp;
using Classroom.Media.Rtp;
using Classroom.Media.Sfu;
using Classroom.Media.Tests.Srtp;

namespace Classroom.Media.Tests.Sfu;

/// <summary>
/// A receiver's NACK names the numbers of its own (rewritten) sequence. After moderation dropped some
/// of a camera's packets the mapping to the publisher's numbers shifted; a retransmission must still
/// carry exactly the packet that first went out under the number asked for, or nothing at all.
/// </summary>
public sealed class NackAfterPolicyDropTests
{
    /// <summary>Moderation as the host pushes it: a snapshot of grants, with or without Anna's camera.</summary>
    private sealed class Policy(Router router)
    {
        private static readonly MediaGrants WithCamera = new([KeyValuePair.Create("s-anna", MediaGrant.Audio | MediaGrant.Video)]);
        private static readonly MediaGrants WithoutCamera = new([KeyValuePair.Create("s-anna", MediaGrant.Audio)]);

        public bool CameraForbidden
        {
            set => router.Grants = value ? WithoutCamera : WithCamera;
        }
    }

    /// <summary>Records every RTP packet the relay sent the receiver, in order.</summary>
    private sealed class Receiver : IRtpSink
    {
        public List<byte[]> Rtp { get; } = [];
        public bool SendRtp(ReadOnlySpan<byte> packet)
        {
            Rtp.Add(packet.ToArray());
            return true;
        }
        public bool SendRtcp(ReadOnlySpan<byte> packet) => true;
    }

    private static readonly RtpCodec Vp8 = new("VP8", 90000, 1, 98, null, ["nack", "nack pli"]);
    private readonly Policy _policy;
    private readonly Router _router;
    private readonly Publication _publication = new("s-anna", new Receiver());
    private readonly Receiver _receiver = new();
    private readonly Subscription _subscription;

    public NackAfterPolicyDropTests()
    {
        _router = new Router(Guid.NewGuid());
        _policy = new Policy(_router) { CameraForbidden = false };
        var camera = new Producer("s-anna", "t-cam", MediaKind.Video, "1", Vp8, _publication.Transport, 0xB);
        _publication.Replace([camera]);
        _router.Add(camera);
        _subscription = new Subscription("s-boris", _receiver);
        var consumer = _router.Subscribe(camera, _receiver, 0x777);
        _subscription.Update([new SubscriptionSection("0", "video", consumer)]);
    }

    /// <summary>A camera packet whose payload says which publisher packet it is.</summary>
    private void Feed(ushort sequence)
    {
        var packet = SrtpTestPackets.BuildRtp(sequence, 0xB, 40);
        packet[1] = 98;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), sequence);
        _router.OnRtp(_publication, packet.AsSpan(0, 52));
    }

    private static ushort Sequence(byte[] rtp) => BinaryPrimitives.ReadUInt16BigEndian(rtp.AsSpan(2));
    private static ushort Origin(byte[] rtp) => BinaryPrimitives.ReadUInt16BigEndian(rtp.AsSpan(12));

    private void Nack(IEnumerable<ushort> numbers)
    {
        foreach (var chunk in numbers.Chunk(16))
        {
            var pairs = chunk.Select(n => new NackPair { PacketId = n, LostBitmask = 0 }).ToArray();
            var nack = new byte[256];
            var length = new GenericNack { SenderSsrc = 5, MediaSsrc = 0x777, Pairs = new RtcpItemList<NackPair>(pairs) }.WriteTo(nack);
            _router.OnSubscriberRtcp(_subscription, nack.AsSpan(0, length));
        }
    }

    /// <summary>The first packet sent under each number, then everything retransmitted for <paramref name="asked"/>.</summary>
    private void AssertRetransmissionsAreTheOriginals(IReadOnlyList<ushort> asked)
    {
        var original = new Dictionary<ushort, byte[]>();
        foreach (var rtp in _receiver.Rtp)
        {
            if (original.TryGetValue(Sequence(rtp), out var first)) Assert.Equal(first, rtp); // never two packets under one number
            else original[Sequence(rtp)] = rtp;
        }
        var before = _receiver.Rtp.Count;
        Nack(asked);
        var retransmitted = _receiver.Rtp.Skip(before).ToList();
        foreach (var rtp in retransmitted) Assert.Equal(original[Sequence(rtp)], rtp);
        // Every number that went out (all still cached) is answered, and only those.
        Assert.Equal(asked.Where(original.ContainsKey).Order(), retransmitted.Select(Sequence).Order());
    }

    [Fact]
    public void Nacks_from_before_during_and_after_a_policy_drop_get_exactly_the_packet_sent_under_that_number()
    {
        for (ushort s = 1000; s < 1010; s++) Feed(s);
        _policy.CameraForbidden = true;
        for (ushort s = 1010; s < 1013; s++) Feed(s);
        var lastBefore = Sequence(_receiver.Rtp[^1]);
        _policy.CameraForbidden = false;
        for (ushort s = 1013; s < 1020; s++) Feed(s);
        Assert.Equal(17, _receiver.Rtp.Count);
        Assert.Equal(Enumerable.Range(1, 17).Select(n => (ushort)n), _receiver.Rtp.Select(Sequence)); // gapless for the receiver
        Assert.Equal(1000, Origin(_receiver.Rtp[0]));
        Assert.Equal(1013, Origin(_receiver.Rtp[10]));

        // Before the drop, at its edge, after it, and numbers the receiver never got (or not yet).
        var asked = new List<ushort> { 1, 2, 5, 9, lastBefore, (ushort)(lastBefore + 1), 12, 17, 18, 40, 65535 };
        AssertRetransmissionsAreTheOriginals(asked);
    }

    [Fact]
    public void A_packet_arriving_late_across_a_policy_drop_never_reuses_a_number_already_sent()
    {
        for (ushort s = 1; s <= 4; s++) Feed(s);
        Feed(6); // 5 is late on the publisher's link
        _policy.CameraForbidden = true;
        Feed(7);
        Feed(8);
        _policy.CameraForbidden = false;
        Feed(9);
        Feed(5); // arrives at last, after the drop moved the mapping on
        Feed(10);
        AssertRetransmissionsAreTheOriginals([.. Enumerable.Range(1, 10).Select(n => (ushort)n)]);
    }

    [Fact]
    public void Numbers_are_remembered_across_the_sequence_wrap_and_a_long_stream()
    {
        ushort s = 65000;
        for (var n = 0; n < 3000; n++, s++)
        {
            _policy.CameraForbidden = n % 97 is > 50 and < 55;
            Feed(s);
        }
        var newest = Sequence(_receiver.Rtp[^1]);
        AssertRetransmissionsAreTheOriginals([.. Enumerable.Range(0, 400).Select(back => (ushort)(newest - back))]);
    }
}
