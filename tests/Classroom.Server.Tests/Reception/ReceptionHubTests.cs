using Classroom.Contracts;
using Classroom.Media.Rooms;
using Classroom.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Classroom.Server.Tests.Reception;

/// <summary>
/// Receiver choices over the real hub: a student's own choice and the teacher's class default reach
/// the page and the relay's preferences for that page; what a student may not do is refused with a
/// stable code, changes nothing and disconnects nobody.
/// </summary>
public sealed class ReceptionHubTests : HostedTest
{
    private Relay Relay => Host.Services.GetRequiredService<Relay>();

    private sealed class Events
    {
        public List<ReceptionView> Reception { get; } = [];
        public List<string> ClassDefault { get; } = [];

        public static Events Of(HubClient client)
        {
            var events = new Events();
            client.Connection.On<ReceptionView>(nameof(IClassroomClient.ReceptionChanged), r => { lock (events) events.Reception.Add(r); });
            client.Connection.On<string>(nameof(IClassroomClient.ClassReceptionChanged), m => { lock (events) events.ClassDefault.Add(m); });
            return events;
        }

        public async Task UntilAsync(Func<Events, bool> condition)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (true)
            {
                lock (this)
                {
                    if (condition(this)) return;
                }
                if (DateTime.UtcNow > deadline) throw new TimeoutException("the event did not come");
                await Task.Delay(20);
            }
        }
    }

    private ReceivePreferences? PreferencesOf(School school, HubClient client) =>
        Relay.FindRoom(school.Lesson.Id)?.PreferencesOf(client.Connection.ConnectionId!);

    [Theory]
    [InlineData(Wire.Json)]
    [InlineData(Wire.MessagePack)]
    public async Task A_student_chooses_audio_only_and_the_page_and_the_relay_follow_and_a_rejoin_keeps_it(Wire wire)
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow());
        await using var teacher = await school.Teacher.ConnectAsync(wire);
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        await using var anna = await Host.NewSession().ConnectAsync(wire);
        var snapshot = (await anna.JoinAsync(school.CodeOf(0))).Snapshot!;
        Assert.Equal(new ReceptionView("auto", "auto", "auto"), snapshot.Reception);
        var events = Events.Of(anna);

        await anna.Connection.InvokeAsync(HubMethods.SetReceiveMode, "audioOnly");

        await events.UntilAsync(e => e.Reception.Count == 1);
        Assert.Equal(new ReceptionView("audioOnly", "audioOnly", "auto"), events.Reception[0]);
        Assert.Equal(new ReceivePreferences(ReceiveMode.AudioOnly, 3), PreferencesOf(school, anna));

        await anna.DisposeAsync();
        await using var again = await Host.NewSession().ConnectAsync(wire);
        Assert.Equal("audioOnly", (await again.JoinAsync(school.CodeOf(0))).Snapshot!.Reception!.Effective);
        // The new page subscribes: the relay gets the kept choice for it before its first offer.
        await again.SubscribeMediaAsync();
        Assert.Equal(ReceiveMode.AudioOnly, PreferencesOf(school, again)!.Mode);
    }

    [Fact]
    public async Task The_teachers_class_default_caps_students_and_the_teacher_sees_every_camera_as_a_thumbnail()
    {
        var school = await School.CreateAsync(Host, students: 2, Host.Time.GetUtcNow());
        await using var teacher = await school.Teacher.ConnectAsync(Wire.MessagePack);
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        await using var anna = await Host.NewSession().ConnectAsync(Wire.MessagePack);
        await anna.JoinAsync(school.CodeOf(0));
        await using var boris = await Host.NewSession().ConnectAsync(Wire.MessagePack);
        await boris.JoinAsync(school.CodeOf(1));
        var annaEvents = Events.Of(anna);
        var borisEvents = Events.Of(boris);
        await boris.Connection.InvokeAsync(HubMethods.SetReceiveMode, "audioOnly");
        await borisEvents.UntilAsync(e => e.Reception.Count == 1);

        await teacher.Connection.InvokeAsync(HubMethods.SetClassReceiveMode, "low");

        await annaEvents.UntilAsync(e => e.ClassDefault.Contains("low") && e.Reception.Count == 1);
        Assert.Equal(new ReceptionView("auto", "low", "low"), annaEvents.Reception[0]);
        Assert.Equal(new ReceivePreferences(ReceiveMode.Low, 3), PreferencesOf(school, anna));
        // Boris is already below the ceiling: told of the class default, his own reception unchanged.
        await borisEvents.UntilAsync(e => e.ClassDefault.Contains("low"));
        Assert.Single(borisEvents.Reception);
        Assert.Equal(ReceiveMode.AudioOnly, PreferencesOf(school, boris)!.Mode);

        // Anna asks for more than the class allows: her choice is kept, the ceiling holds.
        await anna.Connection.InvokeAsync(HubMethods.SetReceiveMode, "low");
        await anna.Connection.InvokeAsync(HubMethods.SetReceiveMode, "auto");
        await annaEvents.UntilAsync(e => e.Reception.Count == 3);
        Assert.Equal("low", annaEvents.Reception[2].Effective);

        // The teacher is not bound by the class default and is not limited to N videos.
        await teacher.SubscribeMediaAsync();
        Assert.Equal(new ReceivePreferences(ReceiveMode.Auto, null, CamerasAsThumbnails: true), PreferencesOf(school, teacher));
    }

    [Fact]
    public async Task A_student_cannot_set_the_class_default_nor_send_an_unknown_mode_and_nothing_changes()
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow());
        await using var teacher = await school.Teacher.ConnectAsync(Wire.Json);
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        var teacherEvents = Events.Of(teacher);
        await using var anna = await Host.NewSession().ConnectAsync(Wire.Json);
        await anna.JoinAsync(school.CodeOf(0));

        Assert.Equal("forbidden", await HubClient.ErrorCodeOf(() => anna.Connection.InvokeAsync(HubMethods.SetClassReceiveMode, "audioOnly")));
        Assert.Equal("reception.unknown_mode", await HubClient.ErrorCodeOf(() => anna.Connection.InvokeAsync(HubMethods.SetReceiveMode, "high")));
        Assert.Equal("reception.unknown_mode", await HubClient.ErrorCodeOf(() => anna.Connection.InvokeAsync(HubMethods.SetReceiveMode, "")));
        Assert.Equal("reception.unknown_mode", await HubClient.ErrorCodeOf(() => teacher.Connection.InvokeAsync(HubMethods.SetClassReceiveMode, "2")));

        // Nothing changed and nobody was disconnected: a new page of Anna's still starts on auto.
        Assert.False(anna.IsClosed);
        Assert.False(teacher.IsClosed);
        await using var probe = await Host.NewSession().ConnectAsync(Wire.Json);
        Assert.Equal(new ReceptionView("auto", "auto", "auto"), (await probe.JoinAsync(school.CodeOf(0))).Snapshot!.Reception);
        lock (teacherEvents) Assert.Empty(teacherEvents.ClassDefault);
    }

    [Fact]
    public async Task Flipping_the_choice_in_a_loop_is_rate_limited_with_a_stable_code()
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow());
        await using var anna = await Host.NewSession().ConnectAsync(Wire.MessagePack);
        await anna.JoinAsync(school.CodeOf(0));

        for (var i = 0; i < Core.Live.LiveLesson.ReceptionChangesPerWindow; i++)
            await anna.Connection.InvokeAsync(HubMethods.SetReceiveMode, i % 2 == 0 ? "audioOnly" : "auto");

        Assert.Equal("reception.rate_limited", await HubClient.ErrorCodeOf(() => anna.Connection.InvokeAsync(HubMethods.SetReceiveMode, "low")));
        Assert.False(anna.IsClosed);
    }
}
