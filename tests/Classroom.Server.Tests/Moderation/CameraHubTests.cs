using Classroom.Contracts;
using Classroom.Core.Moderation;
using Classroom.Core.Participants;
using Classroom.Media.Sfu;
using Classroom.Media.Rooms;
using Classroom.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Classroom.Server.Tests.Moderation;

/// <summary>
/// Own cameras over the real hub: everyone sees <c>cameraOn</c> follow the owner's switch, the
/// teacher's forbid wins, and the relay's video grant follows the same state.
/// </summary>
public sealed class CameraHubTests : HostedTest
{
    [Theory]
    [InlineData(Wire.Json)]
    [InlineData(Wire.MessagePack)]
    public async Task A_student_switches_her_camera_off_and_on_and_everyone_and_the_relay_follow(Wire wire)
    {
        var relay = Host.Services.GetRequiredService<Relay>();
        var school = await School.CreateAsync(Host, students: 2, Host.Time.GetUtcNow());
        await using var teacher = await school.Teacher.ConnectAsync(wire);
        var teacherId = (await teacher.JoinAsync(lessonId: school.Lesson.Id)).Snapshot!.You.Id;
        await using var anna = await Host.NewSession().ConnectAsync(wire);
        var joined = (await anna.JoinAsync(school.CodeOf(0))).Snapshot!;
        var annaId = joined.You.Id;
        await using var boris = await Host.NewSession().ConnectAsync(wire);
        var borisView = (await boris.JoinAsync(school.CodeOf(1))).Snapshot!;
        Assert.True(joined.You.CameraOn);
        Assert.True(borisView.Participants.Single(p => p.Id == annaId).CameraOn);
        Assert.True(borisView.Participants.Single(p => p.Id == teacherId).CameraOn);
        Assert.True(relay.GrantsOf(school.Lesson.Id).Allows(annaId, MediaKind.Video));

        await anna.Connection.InvokeAsync(HubMethods.SetCamera, false);
        await teacher.WaitUntilAsync(c => c.Latest(annaId)?.CameraOn == false);
        await boris.WaitUntilAsync(c => c.Latest(annaId)?.CameraOn == false);
        await anna.WaitUntilAsync(c => c.Latest(annaId)?.CameraOn == false);
        Assert.False(relay.GrantsOf(school.Lesson.Id).Allows(annaId, MediaKind.Video));
        // Still allowed: she only chose to switch it off.
        Assert.True(((Permissions)anna.Latest(annaId)!.Permissions).HasFlag(Permissions.PublishVideo));

        await anna.Connection.InvokeAsync(HubMethods.SetCamera, true);
        await teacher.WaitUntilAsync(c => c.Latest(annaId)?.CameraOn == true);
        Assert.True(relay.GrantsOf(school.Lesson.Id).Allows(annaId, MediaKind.Video));

        // The choice survives a new connection.
        await anna.Connection.InvokeAsync(HubMethods.SetCamera, false);
        await anna.DisposeAsync();
        await using var again = await Host.NewSession().ConnectAsync(wire);
        Assert.False((await again.JoinAsync(school.CodeOf(0))).Snapshot!.You.CameraOn);
        Assert.False(relay.GrantsOf(school.Lesson.Id).Allows(annaId, MediaKind.Video));
    }

    [Theory]
    [InlineData(Wire.Json)]
    [InlineData(Wire.MessagePack)]
    public async Task A_forbidden_camera_is_refused_with_a_stable_code_and_forbidding_a_camera_that_is_on_turns_it_off(Wire wire)
    {
        var relay = Host.Services.GetRequiredService<Relay>();
        var school = await School.CreateAsync(Host, students: 2, Host.Time.GetUtcNow());
        await using var teacher = await school.Teacher.ConnectAsync(wire);
        var teacherId = (await teacher.JoinAsync(lessonId: school.Lesson.Id)).Snapshot!.You.Id;
        await using var anna = await Host.NewSession().ConnectAsync(wire);
        var annaId = (await anna.JoinAsync(school.CodeOf(0))).Snapshot!.You.Id;
        await using var boris = await Host.NewSession().ConnectAsync(wire);
        var borisId = (await boris.JoinAsync(school.CodeOf(1))).Snapshot!.You.Id;

        // Forbidding Anna's camera while it is on turns it off for everyone and at the relay.
        await teacher.ModerateAsync(ModerationAction.ForbidCamera, annaId);
        await boris.WaitUntilAsync(c => c.Latest(annaId) is { CameraOn: false });
        // The teacher's own copy of that update may come after Boris's: count from after it.
        await teacher.WaitUntilAsync(c => c.Latest(annaId) is { CameraOn: false });
        Assert.False(relay.GrantsOf(school.Lesson.Id).Allows(annaId, MediaKind.Video));
        var before = teacher.Updated.Count;
        Assert.Equal("moderation.camera_forbidden", await HubClient.ErrorCodeOf(() => anna.Connection.InvokeAsync(HubMethods.SetCamera, true)));
        // The refusal changed nothing and announced nothing; Anna is still connected.
        Assert.Equal(before, teacher.Updated.Count);
        Assert.False(anna.IsClosed);

        // Allowed again, it stays off until Anna switches it on herself.
        await teacher.ModerateAsync(ModerationAction.AllowCamera, annaId);
        await anna.WaitUntilAsync(c => c.Latest(annaId) is { } v && ((Permissions)v.Permissions).HasFlag(Permissions.PublishVideo));
        Assert.False(anna.Latest(annaId)!.CameraOn);
        await anna.Connection.InvokeAsync(HubMethods.SetCamera, true);
        await teacher.WaitUntilAsync(c => c.Latest(annaId)?.CameraOn == true);

        // Forbidding all students' cameras switches them off; the teacher's stays on and she may switch hers.
        await teacher.ModerateAsync(ModerationAction.ForbidCamerasAll);
        await teacher.WaitUntilAsync(c => c.Latest(annaId)?.CameraOn == false && c.Latest(borisId)?.CameraOn == false);
        Assert.True(relay.GrantsOf(school.Lesson.Id).Allows(teacherId, MediaKind.Video));
        Assert.Equal("moderation.camera_forbidden", await HubClient.ErrorCodeOf(() => boris.Connection.InvokeAsync(HubMethods.SetCamera, true)));
        await teacher.Connection.InvokeAsync(HubMethods.SetCamera, false);
        await boris.WaitUntilAsync(c => c.Latest(teacherId)?.CameraOn == false);
        Assert.False(relay.GrantsOf(school.Lesson.Id).Allows(teacherId, MediaKind.Video));
    }

    [Fact]
    public async Task Observers_cannot_switch_a_camera_on_and_strangers_must_join_first()
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow());
        await using var teacher = await school.Teacher.ConnectAsync();
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        var link = await school.Teacher.PostAsync<Classroom.Server.Lessons.LinkView>($"/api/lessons/{school.Lesson.Id}/links", new { role = "observer" });
        await using var observer = await Host.NewSession().ConnectAsync();
        var observerId = (await observer.JoinAsync(link.Token, displayName: "Методист")).Snapshot!.You.Id;
        await using var stranger = await Host.NewSession().ConnectAsync();

        Assert.Equal("forbidden", await HubClient.ErrorCodeOf(() => observer.Connection.InvokeAsync(HubMethods.SetCamera, true)));
        await observer.Connection.InvokeAsync(HubMethods.SetCamera, false);
        Assert.Equal("not_joined", await HubClient.ErrorCodeOf(() => stranger.Connection.InvokeAsync(HubMethods.SetCamera, true)));
        Assert.Null(teacher.Latest(observerId));
    }
}
