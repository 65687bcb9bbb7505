using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Classroom.Contracts;
using Classroom.Core.Moderation;
using Classroom.Media.Rooms;
using Classroom.Media.Rtcp;
using Classroom.Media.Sdp;
using Classroom.Server.Tests.Infrastructure;
using Classroom.Testing.Media;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Classroom.Server.Tests.Media;

/// <summary>
/// The relay end to end over real UDP on loopback: synthetic browsers (ICE, DTLS, SRTP, the SDP a
/// browser writes) publish and receive through the hub's signalling, as pages do.
/// </summary>
public sealed class MediaRelayTests : HostedTest
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private Relay Relay => Host.Services.GetRequiredService<Relay>();

    private static async Task<SyntheticPeer> PublishAsync(HubClient client, uint? audio, uint? video)
    {
        var peer = new SyntheticPeer(IPAddress.Loopback);
        var answer = await client.Connection.InvokeAsync<MediaAnswer>(HubMethods.PublishMedia, new MediaOfferRequest(peer.CreateOffer(audio, video)));
        await peer.ConnectAsync(answer.Sdp, CancellationToken.None);
        return peer;
    }

    private static async Task<(SyntheticPeer Peer, MediaSubscription Offer)> SubscribeAsync(HubClient client)
    {
        var offer = await client.Connection.InvokeAsync<MediaSubscription>(HubMethods.SubscribeMedia, new SubscribeMediaRequest());
        Assert.NotNull(offer.Sdp);
        var peer = new SyntheticPeer(IPAddress.Loopback);
        await client.Connection.InvokeAsync(HubMethods.AnswerMedia, new MediaAnswerRequest(offer.Version, peer.CreateAnswer(offer.Sdp!)));
        await peer.ConnectAsync(offer.Sdp!, CancellationToken.None);
        return (peer, offer);
    }

    /// <summary>The SSRC the relay offered for the section carrying this participant's source.</summary>
    private static uint OfferedSsrc(MediaSubscription offer, string participantId, string source)
    {
        var mid = offer.Mids.Single(m => m.ParticipantId == participantId && m.Source == source).Mid;
        Assert.True(SessionDescription.TryParse(offer.Sdp, out var sdp, out _));
        var section = sdp.Media.Single(m => m.Mid == mid);
        return section.Ssrcs.Single();
    }


    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(what);
            await Task.Delay(20);
        }
    }

    private static long Count(SyntheticPeer peer, uint ssrc) => peer.ReceivedBySsrc.GetValueOrDefault(ssrc);

    [Fact]
    public async Task The_teachers_camera_and_microphone_reach_every_student_and_the_teacher_is_asked_for_a_key_frame()
    {
        var school = await School.CreateAsync(Host, students: 2, Host.Time.GetUtcNow());
        await using var teacher = await school.Teacher.ConnectAsync(Wire.MessagePack);
        var teacherId = (await teacher.JoinAsync(lessonId: school.Lesson.Id)).Snapshot!.You.Id;
        await using var teacherMedia = await PublishAsync(teacher, audio: 0xA1, video: 0xB1);
        var keyframeAsks = 0;
        teacherMedia.RtcpReceived = compound =>
        {
            var reader = new RtcpReader(compound.Span);
            while (reader.TryRead(out var header, out var packet))
            {
                if (header.PacketType == RtcpPacketType.PayloadFeedback && PictureLossIndication.TryParse(packet, out var pli) && pli.MediaSsrc == 0xB1)
                    Interlocked.Increment(ref keyframeAsks);
            }
        };

        var students = new List<(HubClient Client, SyntheticPeer Peer, MediaSubscription Offer)>();
        for (var i = 0; i < 2; i++)
        {
            var client = await Host.NewSession().ConnectAsync(Wire.MessagePack);
            await client.JoinAsync(school.CodeOf(i));
            var (peer, offer) = await SubscribeAsync(client);
            Assert.Equal([MediaSources.Camera, MediaSources.Microphone], offer.Mids.Where(m => m.ParticipantId == teacherId).Select(m => m.Source).Order());
            students.Add((client, peer, offer));
        }
        await Until(() => Volatile.Read(ref keyframeAsks) >= 1, "no key frame request reached the publisher");

        // The relay may finish its side of a handshake a moment after the client: probe until both students hear,
        // then count exactly.
        ushort audioSeq = 100, videoSeq = 5000;
        var expected = students.Select(s => (Audio: OfferedSsrc(s.Offer, teacherId, MediaSources.Microphone), Video: OfferedSsrc(s.Offer, teacherId, MediaSources.Camera))).ToList();
        await Until(() =>
        {
            RtpPackets.Send(teacherMedia, 0xA1, 111, audioSeq++, 1);
            RtpPackets.Send(teacherMedia, 0xB1, 96, videoSeq++, 1, payload: 1000);
            return students.Zip(expected).All(x => Count(x.First.Peer, x.Second.Audio) > 0 && Count(x.First.Peer, x.Second.Video) > 0);
        }, "the teacher's media did not reach the students");
        await Task.Delay(200);
        var before = students.Zip(expected).Select(x => (Audio: Count(x.First.Peer, x.Second.Audio), Video: Count(x.First.Peer, x.Second.Video))).ToList();
        RtpPackets.Send(teacherMedia, 0xA1, 111, audioSeq, 20);
        RtpPackets.Send(teacherMedia, 0xB1, 96, videoSeq, 20, payload: 1000);
        for (var i = 0; i < students.Count; i++)
        {
            var (client, peer, _) = students[i];
            Assert.NotEqual(0xA1u, expected[i].Audio);
            var (audio, video, startAudio, startVideo) = (expected[i].Audio, expected[i].Video, before[i].Audio, before[i].Video);
            await Until(() => Count(peer, audio) - startAudio == 20 && Count(peer, video) - startVideo == 20, "the teacher's media did not all reach a student");
            await peer.DisposeAsync();
            await client.DisposeAsync();
        }
        Assert.True(Relay.FindRoom(school.Lesson.Id)!.Forwarded >= 80);

        // The receive loops' counters reach /metrics (the bench reads the loops' allocations there).
        var counters = Relay.Counters();
        Assert.True(counters.RtpSent >= 80 && counters.DatagramsReceived >= 40, counters.ToString());
        using var anonymous = Host.NewSession();
        var metrics = await anonymous.Http.GetStringAsync("/metrics");
        var sent = Regex.Match(metrics, @"^classroom_media_rtp_sent_total(?:\{[^}]*\})? (\d+)", RegexOptions.Multiline);
        Assert.True(sent.Success, "no classroom_media_rtp_sent_total in /metrics");
        Assert.True(long.Parse(sent.Groups[1].Value, CultureInfo.InvariantCulture) >= 80);
        Assert.Matches(@"(?m)^classroom_media_loop_allocated_bytes_total(\{[^}]*\})? \d+", metrics);
        Assert.Matches($@"(?m)^classroom_media_loops(\{{[^}}]*\}})? {Relay.LocalEndPoints.Count}\b", metrics);
        Assert.Matches(@"(?m)^classroom_media_receive_full_batches_total(\{[^}]*\})? \d+", metrics);
    }

    [Fact]
    public async Task A_muted_students_audio_is_not_received_by_anyone_while_her_client_keeps_sending()
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow());
        await using var teacher = await school.Teacher.ConnectAsync();
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        await using var anna = await Host.NewSession().ConnectAsync();
        var annaId = (await anna.JoinAsync(school.CodeOf(0))).Snapshot!.You.Id;
        await anna.Connection.InvokeAsync(HubMethods.SetMicrophone, true);
        await using var annaMedia = await PublishAsync(anna, audio: 0xAA, video: null);
        var (teacherMedia, offer) = await SubscribeAsync(teacher);
        await using var _ = teacherMedia;
        var annaAudio = OfferedSsrc(offer, annaId, MediaSources.Microphone);

        ushort sequence = 1;
        await Until(() =>
        {
            RtpPackets.Send(annaMedia, 0xAA, 111, sequence++, 1);
            return Count(teacherMedia, annaAudio) >= 10;
        }, "Anna's audio did not arrive while her microphone was on");
        await Task.Delay(100);
        var heard = Count(teacherMedia, annaAudio);

        await teacher.ModerateAsync(ModerationAction.Mute, annaId);
        await teacher.WaitUntilAsync(c => c.Latest(annaId) is { MicOn: false });
        var room = Relay.FindRoom(school.Lesson.Id)!;
        var droppedBefore = room.DroppedByGrant;
        RtpPackets.Send(annaMedia, 0xAA, 111, sequence, 25);
        await Until(() => room.DroppedByGrant - droppedBefore == 25, "the relay did not see Anna's packets");
        Assert.Equal(heard, Count(teacherMedia, annaAudio));
    }

    [Fact]
    public async Task Ended_tracks_are_announced_their_sections_go_inactive_and_a_new_track_reuses_them()
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow());
        await using var teacher = await school.Teacher.ConnectAsync();
        var teacherId = (await teacher.JoinAsync(lessonId: school.Lesson.Id)).Snapshot!.You.Id;
        await using var anna = await Host.NewSession().ConnectAsync();
        await anna.JoinAsync(school.CodeOf(0));

        var nothing = await anna.Connection.InvokeAsync<MediaSubscription>(HubMethods.SubscribeMedia, new SubscribeMediaRequest());
        Assert.Null(nothing.Sdp);
        await using (await PublishAsync(teacher, audio: 0xA1, video: 0xB1))
        {
            await anna.WaitUntilAsync(c => c.TracksNow?.Count == 2);
            Assert.All(anna.TracksNow!, t => Assert.Equal(teacherId, t.ParticipantId));
            var first = await anna.Connection.InvokeAsync<MediaSubscription>(HubMethods.SubscribeMedia, new SubscribeMediaRequest());
            Assert.Equal(2, first.Mids.Count);

            await teacher.Connection.InvokeAsync(HubMethods.UnpublishMedia);
            await anna.WaitUntilAsync(c => c.TracksNow?.Count == 0);
            var second = await anna.Connection.InvokeAsync<MediaSubscription>(HubMethods.SubscribeMedia, new SubscribeMediaRequest());
            Assert.Empty(second.Mids);
            Assert.True(SessionDescription.TryParse(second.Sdp, out var inactive, out _));
            Assert.Equal(["inactive", "inactive"], inactive.Media.Select(m => m.Direction));
            Assert.Equal("media.stale", await HubClient.ErrorCodeOf(() =>
                anna.Connection.InvokeAsync(HubMethods.AnswerMedia, new MediaAnswerRequest(first.Version, new SyntheticPeer(IPAddress.Loopback).CreateAnswer(first.Sdp!)))));
        }
        await using (await PublishAsync(teacher, audio: 0xA2, video: 0xB2))
        {
            await anna.WaitUntilAsync(c => c.TracksNow?.Count == 2);
            var third = await anna.Connection.InvokeAsync<MediaSubscription>(HubMethods.SubscribeMedia, new SubscribeMediaRequest());
            Assert.Equal(["0", "1"], third.Mids.Select(m => m.Mid).Order());
            Assert.True(SessionDescription.TryParse(third.Sdp, out var reused, out _));
            Assert.Equal(2, reused.Media.Count);
            Assert.All(reused.Media, m => Assert.Equal("sendonly", m.Direction));
        }
    }

    [Fact]
    public async Task Bad_answers_are_refused_with_a_code_and_change_nothing()
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow());
        await using var teacher = await school.Teacher.ConnectAsync();
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        await using var anna = await Host.NewSession().ConnectAsync();
        await anna.JoinAsync(school.CodeOf(0));
        Assert.Equal("media.bad_answer", await HubClient.ErrorCodeOf(() => anna.Connection.InvokeAsync(HubMethods.AnswerMedia, new MediaAnswerRequest(1, "v=0\r\n"))));
        await using var teacherMedia = await PublishAsync(teacher, audio: 0xA1, video: null);
        var offer = await anna.Connection.InvokeAsync<MediaSubscription>(HubMethods.SubscribeMedia, new SubscribeMediaRequest());
        var browser = new SyntheticPeer(IPAddress.Loopback);
        await using var __ = browser;
        var answer = browser.CreateAnswer(offer.Sdp!);
        Assert.Equal("media.bad_answer", await HubClient.ErrorCodeOf(() => anna.Connection.InvokeAsync(HubMethods.AnswerMedia, new MediaAnswerRequest(offer.Version, "hello"))));
        Assert.Equal("media.bad_answer", await HubClient.ErrorCodeOf(() =>
            anna.Connection.InvokeAsync(HubMethods.AnswerMedia, new MediaAnswerRequest(offer.Version, answer.Replace("a=setup:active", "a=setup:passive", StringComparison.Ordinal)))));
        Assert.Equal("media.stale", await HubClient.ErrorCodeOf(() => anna.Connection.InvokeAsync(HubMethods.AnswerMedia, new MediaAnswerRequest(offer.Version + 1, answer))));
        // The real answer still works after all that.
        await anna.Connection.InvokeAsync(HubMethods.AnswerMedia, new MediaAnswerRequest(offer.Version, answer));
        await browser.ConnectAsync(offer.Sdp!, CancellationToken.None);
        Assert.True(browser.Connected);
        Assert.Equal("media.bad_offer", await HubClient.ErrorCodeOf(() =>
            anna.Connection.InvokeAsync<MediaAnswer>(HubMethods.PublishMedia, new MediaOfferRequest(browser.CreateOffer(0x1, 0x2), [new MediaTrackLabel("0", MediaSources.Screen)]))));
    }

    [Fact]
    public async Task Fifty_join_and_leave_cycles_leave_no_peer_session_address_or_consumer_behind()
    {
        var school = await School.CreateAsync(Host, students: 50, Host.Time.GetUtcNow());
        await using var teacher = await school.Teacher.ConnectAsync(Wire.MessagePack);
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        await using var teacherMedia = await PublishAsync(teacher, audio: null, video: 0xB1);
        Assert.Equal((1, 1, 1), (Relay.PeerCount, Relay.SessionCount, Relay.AddressCount));
        var threadsBefore = System.Diagnostics.Process.GetCurrentProcess().Threads.Count;

        for (var cycle = 0; cycle < 50; cycle++)
        {
            var anna = await Host.NewSession().ConnectAsync(Wire.MessagePack);
            await anna.JoinAsync(school.CodeOf(cycle)); // one code each: joins per code are rate limited
            await anna.Connection.InvokeAsync(HubMethods.SetMicrophone, true);
            var annaMedia = await PublishAsync(anna, audio: (uint)(0x1000 + cycle), video: null);
            var (annaReceiver, offer) = await SubscribeAsync(anna);
            var camera = offer.Mids.Single().Mid;
            Assert.Equal("0", camera);
            // The relay may finish its side of the handshake a moment after the client: keep sending, as a camera does.
            var sequence = (ushort)(cycle * 100);
            await Until(() =>
            {
                RtpPackets.Send(teacherMedia, 0xB1, 96, sequence++, 1);
                return annaReceiver.ReceivedRtp >= 3;
            }, $"the camera did not reach the student in cycle {cycle}");
            RtpPackets.Send(annaMedia, (uint)(0x1000 + cycle), 111, 1, 3);
            if (cycle % 2 == 0) await anna.Connection.InvokeAsync(HubMethods.Leave);
            await anna.DisposeAsync();
            await annaMedia.DisposeAsync();
            await annaReceiver.DisposeAsync();
            await Until(() => Relay.SessionCount == 1, "a student's media session outlived her connection");
        }

        Assert.Equal((1, 1, 1), (Relay.PeerCount, Relay.SessionCount, Relay.AddressCount));
        var room = Relay.FindRoom(school.Lesson.Id)!;
        Assert.Equal(0, Assert.Single(room.Tracks).Receivers);
        // DTLS handshakes run on pool threads and end; nothing per peer keeps a thread.
        Assert.InRange(System.Diagnostics.Process.GetCurrentProcess().Threads.Count, 0, threadsBefore + 20);
    }
}
