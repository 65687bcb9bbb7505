using System.Net;
using System.Net.Sockets;
using System.Text;
using Classroom.Contracts;
using Classroom.Core.Moderation;
using Classroom.Media.Sdp;
using Classroom.Media.Stun;
using Classroom.Media.Rooms;
using Classroom.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Classroom.Server.Tests.Media;

/// <summary>Publishing media through the hub: the relay answers the offer and its UDP socket answers ICE checks.</summary>
public sealed class MediaSignallingTests : HostedTest
{
    private static string ChromiumOffer()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "shared", "testdata"))) dir = dir.Parent;
        Assert.True(dir is not null, "shared/testdata not found above the test folder");
        return File.ReadAllText(Path.Combine(dir!.FullName, "shared", "testdata", "chromium-156", "netns_gum_av_sendonly_gathered.sdp"));
    }

    [Fact]
    public async Task A_teachers_offer_is_answered_and_the_announced_candidate_answers_the_browsers_ice_check()
    {
        var relay = Host.Services.GetRequiredService<Relay>();
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow());
        await using var teacher = await school.Teacher.ConnectAsync(Wire.MessagePack);
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        var offerText = ChromiumOffer();
        var answer = await teacher.Connection.InvokeAsync<MediaAnswer>(HubMethods.PublishMedia, new MediaOfferRequest(offerText));

        Assert.True(SessionDescription.TryParse(answer.Sdp, out var sdp, out var error), error);
        Assert.Contains(sdp.Attributes, a => a.Name == "ice-lite");
        var audio = sdp.Media[0];
        // The answer names the port of the receive loop the lesson was given.
        var media = Assert.Single(relay.LocalEndPoints, e => e.Port == audio.Port);
        Assert.Equal("recvonly", audio.Direction);
        Assert.Equal(1, relay.PeerCount);

        // Play the browser's ICE check against the announced candidate with the answer's credentials.
        Assert.True(SessionDescription.TryParse(offerText, out var offer, out _));
        using var browser = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        browser.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        browser.ReceiveTimeout = 5000;
        var request = new byte[512];
        var length = StunWriter.WriteBindingRequest(request, new byte[12], Encoding.ASCII.GetBytes($"{audio.IceUfrag}:{offer.Media[0].IceUfrag}"),
            Encoding.ASCII.GetBytes(audio.IcePwd!), useCandidate: true, tieBreaker: 1);
        browser.SendTo(request.AsSpan(0, length), media);
        var response = new byte[512];
        var received = browser.Receive(response);
        Assert.True(StunMessage.TryParse(response.AsSpan(0, received), out var message, out _));
        Assert.Equal(StunMessageType.BindingSuccess, message.Type);
        Assert.True(StunIntegrity.Verify(response.AsSpan(0, received), message, Encoding.ASCII.GetBytes(audio.IcePwd!)));
    }

    [Fact]
    public async Task Receive_only_roles_and_bad_offers_are_refused_and_a_kick_tears_the_transport_down()
    {
        var relay = Host.Services.GetRequiredService<Relay>();
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow());
        var link = await school.Teacher.PostAsync<Classroom.Server.Lessons.LinkView>($"/api/lessons/{school.Lesson.Id}/links", new { role = "display" });
        await using var teacher = await school.Teacher.ConnectAsync();
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        await using var display = await Host.NewSession().ConnectAsync();
        await display.JoinAsync(link.Token);
        Assert.Equal("forbidden", await HubClient.ErrorCodeOf(() => display.Connection.InvokeAsync<MediaAnswer>(HubMethods.PublishMedia, new MediaOfferRequest(ChromiumOffer()))));

        await using var anna = await Host.NewSession().ConnectAsync();
        var annaId = (await anna.JoinAsync(school.CodeOf(0))).Snapshot!.You.Id;
        Assert.Equal("media.bad_offer", await HubClient.ErrorCodeOf(() => anna.Connection.InvokeAsync<MediaAnswer>(HubMethods.PublishMedia, new MediaOfferRequest("v=0\r\nnot sdp"))));
        Assert.Equal("media.bad_offer", await HubClient.ErrorCodeOf(() => anna.Connection.InvokeAsync<MediaAnswer>(HubMethods.PublishMedia,
            new MediaOfferRequest("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n"))));
        Assert.Equal(0, relay.PeerCount);

        await anna.Connection.InvokeAsync<MediaAnswer>(HubMethods.PublishMedia, new MediaOfferRequest(ChromiumOffer()));
        Assert.Equal(1, relay.PeerCount);
        await teacher.ModerateAsync(ModerationAction.Kick, annaId);
        Assert.Equal(0, relay.PeerCount);
    }
}
