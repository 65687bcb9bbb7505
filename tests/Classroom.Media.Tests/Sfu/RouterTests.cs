using System.Buffers.Binary;
using Classroom.Core.Participants;
using Classroom.Media.Rtp;
using Classroom.Media.Sfu;
using Classroom.Media.Tests.Srtp;

namespace Classroom.Media.Tests.Sfu;

public sealed class RouterTests
{
    private sealed class Policy : IMediaPolicy
    {
        public HashSet<(string, MediaKind)> Denied { get; } = [];
        public bool MayForward(Guid lessonId, string participantId, MediaKind kind) => !Denied.Contains((participantId, kind));
    }

    private readonly Policy _policy = new();
    private readonly List<(object To, uint Ssrc, ushort Seq)> _sent = [];
    private readonly Router _router;

    public RouterTests() => _router = new Router(Guid.NewGuid(), _policy, (to, packet) =>
    {
        Assert.True(RtpPacket.TryParse(packet, out var rtp));
        _sent.Add((to, rtp.Ssrc, rtp.SequenceNumber));
        return true;
    });

    private void Feed(uint ssrc, ushort seq)
    {
        var packet = SrtpTestPackets.BuildRtp(seq, ssrc, 20);
        var span = packet.AsSpan(0, 32);
        _router.OnRtp(span);
        // The caller's buffer is left as it came.
        Assert.Equal(ssrc, BinaryPrimitives.ReadUInt32BigEndian(span[8..]));
        Assert.Equal(seq, BinaryPrimitives.ReadUInt16BigEndian(span[2..]));
    }

    [Fact]
    public void Each_subscriber_gets_its_own_ssrc_and_a_continuous_sequence()
    {
        var mic = _router.Publish("s-anna", MediaKind.Audio, 0xA);
        _router.Subscribe(mic, "teacher", 0x100);
        _router.Subscribe(mic, "boris", 0x200);
        Feed(0xA, 5000);
        Feed(0xA, 5001);
        Assert.Equal([("teacher", 0x100u, (ushort)1), ("boris", 0x200u, (ushort)1), ("teacher", 0x100u, (ushort)2), ("boris", 0x200u, (ushort)2)],
            _sent.Select(s => ((string)s.To, s.Ssrc, s.Seq)));
        Assert.Equal(4, _router.Forwarded);
    }

    [Fact]
    public void A_muted_students_audio_is_dropped_at_the_relay_and_the_stream_resumes_without_a_gap()
    {
        var mic = _router.Publish("s-anna", MediaKind.Audio, 0xA);
        var cam = _router.Publish("s-anna", MediaKind.Video, 0xB);
        _router.Subscribe(mic, "teacher", 0x100);
        _router.Subscribe(cam, "teacher", 0x101);
        Feed(0xA, 10);
        _policy.Denied.Add(("s-anna", MediaKind.Audio));
        for (ushort s = 11; s < 20; s++) Feed(0xA, s);
        Feed(0xB, 700);
        _policy.Denied.Clear();
        Feed(0xA, 20);
        Assert.Equal(9, _router.DroppedByPolicy);
        Assert.Equal([(0x100u, (ushort)1), (0x101u, (ushort)1), (0x100u, (ushort)2)], _sent.Select(s => (s.Ssrc, s.Seq)));
    }

    [Fact]
    public void Unknown_ssrcs_are_counted_not_latched_and_a_removed_participant_stops_at_once()
    {
        var mic = _router.Publish("s-anna", MediaKind.Audio, 0xA);
        var boris = _router.Publish("s-boris", MediaKind.Audio, 0xC);
        _router.Subscribe(mic, "boris", 0x200);
        _router.Subscribe(boris, "anna", 0x300);
        Feed(0xDEAD, 1);
        Assert.Equal(1, _router.UnknownSsrc);
        _router.RemoveParticipant("s-boris", asSubscriber: "boris");
        Feed(0xA, 1);
        Feed(0xC, 1);
        Assert.Empty(_sent);
        Assert.Equal(2, _router.UnknownSsrc);
        Assert.Single(_router.Producers);
    }

    [Fact]
    public void The_forwarding_path_allocates_nothing()
    {
        var mic = _router.Publish("s-anna", MediaKind.Audio, 0xA);
        var quiet = new Router(Guid.NewGuid(), _policy, static (_, _) => true);
        var producer = quiet.Publish("s-anna", MediaKind.Audio, 0xA);
        for (var i = 0; i < 30; i++) quiet.Subscribe(producer, i, (uint)(0x100 + i));
        var packet = SrtpTestPackets.BuildRtp(1, 0xA, 160).AsMemory(0, 172);
        for (var i = 0; i < 100; i++) quiet.OnRtp(packet.Span);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.Span[2..], (ushort)i);
            quiet.OnRtp(packet.Span);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(300_000 + 3000, quiet.Forwarded);
        Assert.NotNull(mic);
    }
}
