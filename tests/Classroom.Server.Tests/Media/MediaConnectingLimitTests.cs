using Classroom.Contracts;
using Classroom.Media.Rooms;
using Classroom.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Classroom.Server.Tests.Media;

/// <summary>
/// Transports that are still connecting cost the server (a handshake may be waiting on each), so a
/// lesson may only have so many at once: the next is refused with a stable code, and a slot comes
/// back when a transport closes.
/// </summary>
public sealed class MediaConnectingLimitTests : HostedTest
{
    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Classroom:Media:MaxConnectingPerLesson"] = "2",
    };

    private Relay Relay => Host.Services.GetRequiredService<Relay>();

    [Fact]
    public async Task A_lesson_with_too_many_transports_connecting_refuses_the_next_with_media_connecting_limit()
    {
        var school = await School.CreateAsync(Host, students: 3, Host.Time.GetUtcNow());
        await using var teacher = await school.Teacher.ConnectAsync(Wire.MessagePack);
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        var students = new List<HubClient>();
        for (var i = 0; i < 3; i++)
        {
            var student = await Host.NewSession().ConnectAsync(Wire.MessagePack);
            await student.JoinAsync(school.CodeOf(i));
            students.Add(student);
        }

        // Two receiving transports are created and never connected (their browsers went quiet).
        await students[0].Connection.InvokeAsync<MediaSubscription>(HubMethods.SubscribeMedia, new SubscribeMediaRequest());
        await students[1].Connection.InvokeAsync<MediaSubscription>(HubMethods.SubscribeMedia, new SubscribeMediaRequest());
        Assert.Equal("media.connecting_limit", await HubClient.ErrorCodeOf(() =>
            students[2].Connection.InvokeAsync<MediaSubscription>(HubMethods.SubscribeMedia, new SubscribeMediaRequest())));
        Assert.Equal(2, Relay.PeerCount);

        // One of them leaves: its transport closes and the third student gets one.
        await students[0].DisposeAsync();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (Relay.PeerCount != 1 && DateTime.UtcNow < deadline) await Task.Delay(20);
        await students[2].Connection.InvokeAsync<MediaSubscription>(HubMethods.SubscribeMedia, new SubscribeMediaRequest());
        Assert.Equal(2, Relay.PeerCount);
        foreach (var student in students.Skip(1)) await student.DisposeAsync();
    }
}
