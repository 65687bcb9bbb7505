using Classroom.Contracts;
using Classroom.Media.Sfu;
using Classroom.Media.Sdp;
using Classroom.Media.Rooms;
using Classroom.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Classroom.Server.Tests.Media;

/// <summary>
/// Publishing and receiving through the hub with the real SDP of Debian's Firefox ESR 153
/// (../shared/testdata/firefox-153): its camera and screen come as bundle-only sections, which the
/// relay must take into the bundle and announce to the class, as it does Chromium's.
/// </summary>
public sealed class FirefoxNegotiationTests : HostedTest
{
    private const uint CameraSsrc = 3308185609; // its RTX is 1142633511 (a=ssrc-group:FID)

    private Relay Relay => Host.Services.GetRequiredService<Relay>();

    private static string Firefox(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "shared", "testdata"))) dir = dir.Parent;
        Assert.True(dir is not null, "shared/testdata not found above the test folder");
        return File.ReadAllText(Path.Combine(dir!.FullName, "shared", "testdata", "firefox-153", name));
    }

    /// <summary>
    /// Firefox's offer with a screen share added as Firefox adds it: a third bundle-only video section
    /// (mid 2, its own SSRCs) in the BUNDLE group, as the web client labels it.
    /// </summary>
    private static string WithScreen(string offer)
    {
        var camera = offer[offer.IndexOf("m=video ", StringComparison.Ordinal)..];
        var screen = camera.Replace("a=mid:1", "a=mid:2", StringComparison.Ordinal)
            .Replace("3308185609", "3308185610", StringComparison.Ordinal).Replace("1142633511", "1142633512", StringComparison.Ordinal);
        return offer.Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2", StringComparison.Ordinal) + screen;
    }

    private async Task<(School School, HubClient Teacher, string TeacherId)> TeacherAsync()
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow());
        var teacher = await school.Teacher.ConnectAsync(Wire.MessagePack);
        var teacherId = (await teacher.JoinAsync(lessonId: school.Lesson.Id)).Snapshot!.You.Id;
        return (school, teacher, teacherId);
    }

    [Fact]
    public async Task A_firefox_teachers_camera_is_answered_in_the_bundle_and_offered_to_a_firefox_student_who_answers()
    {
        var (school, teacher, teacherId) = await TeacherAsync();
        await using var teacherConnection = teacher;
        var labels = new[] { new MediaTrackLabel("0", MediaSources.Microphone), new MediaTrackLabel("1", MediaSources.Camera) };

        var answer = await teacher.Connection.InvokeAsync<MediaAnswer>(HubMethods.PublishMedia,
            new MediaOfferRequest(Firefox("publisher_offer_mic_camera.sdp"), labels));

        Assert.True(SessionDescription.TryParse(answer.Sdp, out var sdp, out var error), error);
        Assert.Equal(["0", "1"], sdp.BundleGroup);
        var port = Assert.Single(sdp.Media.Select(m => m.Port).Distinct());
        Assert.Contains(Relay.LocalEndPoints, e => e.Port == port);
        Assert.Equal(["120"], sdp.Media[1].Formats);
        // The camera's producer takes the media SSRC, not its RTX, and Firefox's VP8 payload type.
        var camera = Relay.FindRoom(school.Lesson.Id)!.Tracks.Single(p => p.Kind == MediaKind.Video);
        Assert.Equal((CameraSsrc, (byte)120, "1"), (camera.Ssrc, camera.PayloadType, camera.Mid));

        await using var student = await Host.NewSession().ConnectAsync(Wire.MessagePack);
        await student.JoinAsync(school.CodeOf(0));
        var offer = await student.Connection.InvokeAsync<MediaSubscription>(HubMethods.SubscribeMedia, new SubscribeMediaRequest());
        Assert.Equal([MediaSources.Camera, MediaSources.Microphone], offer.Mids.Where(m => m.ParticipantId == teacherId).Select(m => m.Source).Order());

        // Firefox's own answer to such an offer (two sections, fingerprint at session level, port 9) is taken.
        Assert.True(SessionDescription.TryParse(offer.Sdp, out var offered, out _));
        Assert.Equal(2, offered.Media.Count);
        await student.Connection.InvokeAsync(HubMethods.AnswerMedia, new MediaAnswerRequest(offer.Version, Firefox("subscriber_answer.sdp")));
        Assert.Equal(2, Relay.PeerCount);
    }

    [Fact]
    public async Task A_firefox_screen_share_in_a_second_bundle_only_section_reaches_the_class_as_a_screen()
    {
        var (school, teacher, teacherId) = await TeacherAsync();
        await using var teacherConnection = teacher;
        var labels = new[]
        {
            new MediaTrackLabel("0", MediaSources.Microphone), new MediaTrackLabel("1", MediaSources.Camera), new MediaTrackLabel("2", MediaSources.Screen),
        };

        var answer = await teacher.Connection.InvokeAsync<MediaAnswer>(HubMethods.PublishMedia,
            new MediaOfferRequest(WithScreen(Firefox("publisher_offer_mic_camera.sdp")), labels));

        Assert.True(SessionDescription.TryParse(answer.Sdp, out var sdp, out _));
        Assert.Equal(["0", "1", "2"], sdp.BundleGroup);
        await using var student = await Host.NewSession().ConnectAsync(Wire.MessagePack);
        await student.JoinAsync(school.CodeOf(0));
        var offer = await student.Connection.InvokeAsync<MediaSubscription>(HubMethods.SubscribeMedia, new SubscribeMediaRequest());
        Assert.Equal([MediaSources.Camera, MediaSources.Microphone, MediaSources.Screen],
            offer.Mids.Where(m => m.ParticipantId == teacherId).Select(m => m.Source).Order());
    }

    [Fact]
    public async Task A_stopped_camera_port_zero_without_bundle_only_is_declined_and_only_the_microphone_is_published()
    {
        var (school, teacher, _) = await TeacherAsync();
        await using var teacherConnection = teacher;
        var stopped = Firefox("publisher_offer_mic_camera.sdp").Replace("a=bundle-only\r\n", string.Empty, StringComparison.Ordinal);

        var answer = await teacher.Connection.InvokeAsync<MediaAnswer>(HubMethods.PublishMedia, new MediaOfferRequest(stopped));

        Assert.True(SessionDescription.TryParse(answer.Sdp, out var sdp, out _));
        Assert.Equal(["0"], sdp.BundleGroup);
        Assert.Equal(0, sdp.Media[1].Port);
        Assert.Equal([MediaKind.Audio], Relay.FindRoom(school.Lesson.Id)!.Tracks.Select(p => p.Kind));
    }
}
