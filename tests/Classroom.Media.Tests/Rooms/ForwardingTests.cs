using System.Buffers.Binary;
using Classroom.Media.Rooms;
using Classroom.Media.Sfu;
using Classroom.Testing.Media;
using Microsoft.Extensions.Time.Testing;
using static Classroom.Media.Tests.Rooms.RelayHarness;

namespace Classroom.Media.Tests.Rooms;

/// <summary>
/// Receive preferences and last-N over real ICE, DTLS and SRTP with synthetic browsers: what a
/// receiver gets is counted per SSRC at the receiver, after the relay's packet path.
/// </summary>
public sealed class ForwardingTests
{
    private const MediaGrant Everything = MediaGrant.Audio | MediaGrant.Video | MediaGrant.Screen;
    private static readonly Guid Lesson = Guid.NewGuid();

    /// <summary>RTP with the RFC 6464 audio level element (id 1, as the synthetic offer negotiates it) at <paramref name="level"/> −dBov.</summary>
    private static void SendLevelled(SyntheticPeer peer, uint ssrc, ushort first, int count, int level)
    {
        var packet = new byte[12 + 8 + 80];
        packet[0] = 0x90; // version 2, extension
        packet[1] = 111;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), 0xBEDE);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), 1);
        packet[16] = 0x10; // id 1, length 1
        packet[17] = (byte)(0x80 | level);
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(first + i));
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)((first + i) * 960));
            Assert.True(peer.SendRtp(packet));
        }
    }

    [Fact]
    public async Task An_audio_only_receiver_gets_no_video_packet_and_gets_video_again_when_it_switches_back()
    {
        await using var harness = new RelayHarness();
        var relay = harness.Relay;
        var changes = new List<ForwardedTracks>();
        relay.ForwardingChanged += f => { lock (changes) changes.Add(f); };
        relay.SetGrants(Lesson, Grants(("teacher", Everything), ("anna", MediaGrant.None), ("boris", MediaGrant.None)));
        var room = relay.OpenRoom(Lesson);
        var teacher = await harness.PublishAsync(room, "page-t", "teacher", audio: 0xA1, video: 0xB1);
        room.SetReceivePreferences("page-a", "anna", new ReceivePreferences(ReceiveMode.AudioOnly));
        var (anna, annaOffer) = await harness.SubscribeAsync(room, "page-a", "anna");
        var (boris, borisOffer) = await harness.SubscribeAsync(room, "page-b", "boris");
        var (annaAudio, annaVideo) = (OfferedSsrc(annaOffer, "teacher", MediaKind.Audio), OfferedSsrc(annaOffer, "teacher", MediaKind.Video));
        var borisVideo = OfferedSsrc(borisOffer, "teacher", MediaKind.Video);

        RtpPackets.Send(teacher, 0xA1, 111, 1, 40);
        RtpPackets.Send(teacher, 0xB1, 96, 1, 40, payload: 1000);
        await Until(() => Count(anna, annaAudio) == 40 && Count(boris, borisVideo) == 40, "the teacher's packets did not arrive");

        // The section stays negotiated (no renegotiation), but not one video packet reached Anna.
        Assert.Equal(0, Count(anna, annaVideo));
        Assert.Contains(annaOffer.Sections, s => s.Kind == MediaKind.Video);
        var trackId = annaOffer.Sections.Single(s => s.Kind == MediaKind.Video).TrackId;
        lock (changes) Assert.Contains(changes, c => c.SessionId == "page-a" && c.Paused.SequenceEqual([trackId]) && c.Forwarded.Count == 0);

        // Back to auto: the relay asks the teacher for a key frame and Anna's video continues in one numbering.
        var pli = teacher.ReceivedRtcp;
        room.SetReceivePreferences("page-a", "anna", new ReceivePreferences(ReceiveMode.Auto));
        RtpPackets.Send(teacher, 0xB1, 96, 41, 20, payload: 1000);
        await Until(() => Count(anna, annaVideo) == 20, "Anna's video did not resume");
        await Until(() => teacher.ReceivedRtcp > pli, "no key frame was asked for on resume");
        lock (changes) Assert.Contains(changes, c => c.SessionId == "page-a" && c.Forwarded.SequenceEqual([trackId]));
    }

    [Fact]
    public async Task With_ten_students_publishing_a_receiver_gets_at_most_n_videos_and_the_loudest_is_among_them()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = new RelayHarness(time, o => o.LastN = 3);
        var relay = harness.Relay;
        var students = Enumerable.Range(0, 10).Select(i => $"s{i}").ToList();
        relay.SetGrants(Lesson, Grants([.. students.Select(s => (s, Everything)), ("viewer", MediaGrant.None)]));
        var room = relay.OpenRoom(Lesson);
        var publishers = new List<SyntheticPeer>();
        for (var i = 0; i < students.Count; i++)
            publishers.Add(await harness.PublishAsync(room, $"page-{students[i]}", students[i], audio: 0xA00u + (uint)i, video: 0xB00u + (uint)i));
        room.SetReceivePreferences("page-v", "viewer", new ReceivePreferences(ReceiveMode.Auto, MaxVideos: 3));
        var (viewer, offer) = await harness.SubscribeAsync(room, "page-v", "viewer");
        var audio = students.Select(s => OfferedSsrc(offer, s, MediaKind.Audio)).ToList();
        var video = students.Select(s => OfferedSsrc(offer, s, MediaKind.Video)).ToList();

        // One second of speech: s7 speaks at −25 dBov, s3 answers quietly at −60, the rest are silent (−127).
        for (var i = 0; i < students.Count; i++)
        {
            // One student at a time, so a burst of ten never overflows a loopback socket buffer.
            SendLevelled(publishers[i], 0xA00u + (uint)i, 1, 50, i == 7 ? 25 : i == 3 ? 60 : 127);
            var ssrc = audio[i];
            await Until(() => Count(viewer, ssrc) == 50, $"the audio of {students[i]} did not all arrive ({Count(viewer, ssrc)})");
        }
        time.Advance(new RelayOptions().ReportInterval);
        Assert.Equal("s7", room.Speakers[0]);

        for (var i = 0; i < students.Count; i++)
        {
            RtpPackets.Send(publishers[i], 0xB00u + (uint)i, 96, 1, 30, payload: 600);
            var producer = room.Router.Producers.Single(p => p.Ssrc == 0xB00u + (uint)i);
            await Until(() => producer.Statistics.Received == 30, $"the relay did not get the video of {students[i]}");
        }
        await Until(() => Count(viewer, video[7]) == 30 && room.Forwarded == 10 * 50 + 3 * 30, "the speaker's video did not arrive");

        var receivedVideos = video.Where(v => Count(viewer, v) > 0).ToList();
        Assert.Equal(3, receivedVideos.Count);
        Assert.Contains(video[7], receivedVideos);
    }
}
