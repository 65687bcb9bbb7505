using Classroom.Contracts;
using Classroom.Core.Moderation;
using Classroom.Core.Participants;
using Classroom.Media.Sfu;
using Classroom.Media.Rooms;
using Classroom.Server.Reports;
using Classroom.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Classroom.Server.Tests.Moderation;

/// <summary>The teacher's controls over the real hub, enforced by the server whatever the client does.</summary>
public sealed class ModerationHubTests : HostedTest
{
    [Theory]
    [InlineData(Wire.Json)]
    [InlineData(Wire.MessagePack)]
    public async Task A_locked_mute_a_chat_ban_and_a_raised_hand_survive_the_students_reconnect(Wire wire)
    {
        var school = await School.CreateAsync(Host, students: 2, Host.Time.GetUtcNow());
        await using var teacher = await school.Teacher.ConnectAsync(wire);
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        var anna = await Host.NewSession().ConnectAsync(wire);
        var me = (await anna.JoinAsync(school.CodeOf(0))).Snapshot!.You;
        Assert.False(me.MicOn);
        Assert.True(((Permissions)me.Permissions).HasFlag(Permissions.PublishAudio));

        await anna.Connection.InvokeAsync(HubMethods.SetMicrophone, true);
        await teacher.WaitUntilAsync(c => c.Latest(me.Id)?.MicOn == true);
        await anna.Connection.InvokeAsync(HubMethods.RaiseHand, true);
        await teacher.WaitUntilAsync(c => c.Latest(me.Id)?.HandRaisedAt is not null);

        await teacher.ModerateAsync(ModerationAction.LockMic, me.Id);
        await teacher.ModerateAsync(ModerationAction.DisableChat, me.Id);
        await anna.WaitUntilAsync(c => c.Latest(me.Id) is { MicLocked: true, MicOn: false });
        Assert.Equal("moderation.mic_locked", await HubClient.ErrorCodeOf(() => anna.Connection.InvokeAsync(HubMethods.SetMicrophone, true)));
        Assert.Equal("chat.not_allowed", await HubClient.ErrorCodeOf(() => anna.SendChatAsync("а я всё равно напишу")));

        // Drop and come back on a new connection: nothing the teacher set is undone.
        await anna.DisposeAsync();
        await using var again = await Host.NewSession().ConnectAsync(wire);
        var back = (await again.JoinAsync(school.CodeOf(0))).Snapshot!;
        Assert.True(back.You.MicLocked);
        Assert.False(back.You.MicOn);
        Assert.NotNull(back.You.HandRaisedAt);
        Assert.False(((Permissions)back.Permissions).HasFlag(Permissions.PublishAudio));
        Assert.False(((Permissions)back.Permissions).HasFlag(Permissions.ChatPublic));
        Assert.Equal("moderation.mic_locked", await HubClient.ErrorCodeOf(() => again.Connection.InvokeAsync(HubMethods.SetMicrophone, true)));
        Assert.Equal("chat.not_allowed", await HubClient.ErrorCodeOf(() => again.SendChatAsync("после переподключения")));

        // Giving the floor unmutes and lowers the hand.
        await teacher.ModerateAsync(ModerationAction.GiveFloor, me.Id);
        await again.WaitUntilAsync(c => c.Latest(me.Id) is { MicOn: true, MicLocked: false, HandRaisedAt: null });
        await again.WaitUntilAsync(c => c.Rules.Any(r => r.FloorHolderId == me.Id));
    }

    [Fact]
    public async Task Students_observers_and_displays_cannot_moderate_and_targets_are_checked_against_the_callers_lesson()
    {
        var school = await School.CreateAsync(Host, students: 2, Host.Time.GetUtcNow());
        var other = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow(), teacherUserName: "other");
        await using var teacher = await school.Teacher.ConnectAsync();
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        await using var anna = await Host.NewSession().ConnectAsync();
        await anna.JoinAsync(school.CodeOf(0));
        await using var boris = await Host.NewSession().ConnectAsync();
        var borisId = (await boris.JoinAsync(school.CodeOf(1))).Snapshot!.You.Id;
        await using var stranger = await Host.NewSession().ConnectAsync();
        var strangerId = (await stranger.JoinAsync(other.CodeOf(0))).Snapshot!.You.Id;
        var observerLink = await school.Teacher.PostAsync<Classroom.Server.Lessons.LinkView>($"/api/lessons/{school.Lesson.Id}/links", new { role = "observer" });
        await using var observer = await Host.NewSession().ConnectAsync();
        await observer.JoinAsync(observerLink.Token, displayName: "Методист");

        foreach (var caller in new[] { anna, observer })
        {
            Assert.Equal("forbidden", await HubClient.ErrorCodeOf(() => caller.ModerateAsync(ModerationAction.Mute, borisId)));
            Assert.Equal("forbidden", await HubClient.ErrorCodeOf(() => caller.ModerateAsync(ModerationAction.MuteAll)));
        }
        Assert.Equal("forbidden", await HubClient.ErrorCodeOf(() => observer.Connection.InvokeAsync(HubMethods.RaiseHand, true)));
        Assert.Equal("moderation.no_target", await HubClient.ErrorCodeOf(() => teacher.ModerateAsync(ModerationAction.Mute, strangerId)));
        Assert.Equal("bad_request", await HubClient.ErrorCodeOf(() => teacher.Connection.InvokeAsync(HubMethods.Moderate, new ModerateRequest(999, borisId))));
        Assert.Equal("moderation.invalid_value", await HubClient.ErrorCodeOf(() => teacher.ModerateAsync(ModerationAction.SlowMode, value: "сколько-нибудь")));
        Assert.Equal("invalid_name", await HubClient.ErrorCodeOf(() => teacher.ModerateAsync(ModerationAction.Rename, borisId, new string('x', 200))));
        Assert.Equal("moderation.screen_not_granted", await HubClient.ErrorCodeOf(() => anna.Connection.InvokeAsync(HubMethods.SetScreenShare, true)));
        Assert.Empty(teacher.Moderation);
    }

    [Fact]
    public async Task Lesson_wide_rules_reach_everyone_the_log_reaches_only_staff_and_the_report_keeps_both()
    {
        var school = await School.CreateAsync(Host, students: 2, Host.Time.GetUtcNow());
        await using var teacher = await school.Teacher.ConnectAsync(Wire.MessagePack);
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        await using var anna = await Host.NewSession().ConnectAsync(Wire.MessagePack);
        var annaId = (await anna.JoinAsync(school.CodeOf(0))).Snapshot!.You.Id;
        await using var boris = await Host.NewSession().ConnectAsync();
        var borisId = (await boris.JoinAsync(school.CodeOf(1))).Snapshot!.You.Id;

        await teacher.ModerateAsync(ModerationAction.ForbidCamerasAll);
        await anna.WaitUntilAsync(c => c.Rules.Count == 1 && c.Latest(annaId) is { } v && !((Permissions)v.Permissions).HasFlag(Permissions.PublishVideo));
        Assert.False(anna.Rules[0].StudentCamerasAllowed);

        await teacher.ModerateAsync(ModerationAction.SlowMode, value: "20");
        await boris.SendChatAsync("раз");
        Assert.Equal("chat.slow_mode", await HubClient.ErrorCodeOf(() => boris.SendChatAsync("два")));
        Host.Time.Advance(TimeSpan.FromSeconds(20));
        await boris.SendChatAsync("два");

        await anna.Connection.InvokeAsync(HubMethods.RaiseHand, true);
        await teacher.ModerateAsync(ModerationAction.LowerHand, annaId);
        await anna.Connection.InvokeAsync(HubMethods.RaiseHand, true);
        await teacher.ModerateAsync(ModerationAction.Rename, borisId, "Борис С.");
        await boris.WaitUntilAsync(c => c.Latest(borisId)?.Name == "Борис С.");

        await teacher.WaitUntilAsync(c => c.Moderation.Count == 4);
        Assert.Equal([ModerationAction.ForbidCamerasAll, ModerationAction.SlowMode, ModerationAction.LowerHand, ModerationAction.Rename],
            teacher.Moderation.Select(e => (ModerationAction)e.Action));
        Assert.Empty(anna.Moderation);
        Assert.Empty(boris.Moderation);

        await using var coTeacherView = await school.Teacher.ConnectAsync();
        var snapshot = (await coTeacherView.JoinAsync(lessonId: school.Lesson.Id)).Snapshot!;
        Assert.Equal(4, snapshot.ModerationLog!.Count);
        Assert.Equal(20, snapshot.Rules!.SlowModeSeconds);

        var report = await school.Teacher.GetAsync<AttendanceReportView>($"/api/lessons/{school.Lesson.Id}/report");
        Assert.Equal(4, report.ModerationLog.Count);
        Assert.Equal("Ученик 02 → Борис С.", report.ModerationLog[3].Detail);
        Assert.Equal(2, report.Rows.Single(r => r.Name == "Ученик 01").HandsRaised);
    }

    [Fact]
    public async Task The_media_relay_reads_the_same_permissions_so_a_muted_students_audio_is_dropped_at_the_server()
    {
        var relay = Host.Services.GetRequiredService<Relay>();
        var school = await School.CreateAsync(Host, students: 2, Host.Time.GetUtcNow());
        await using var teacher = await school.Teacher.ConnectAsync();
        var teacherId = (await teacher.JoinAsync(lessonId: school.Lesson.Id)).Snapshot!.You.Id;
        await using var anna = await Host.NewSession().ConnectAsync();
        var annaId = (await anna.JoinAsync(school.CodeOf(0))).Snapshot!.You.Id;
        await using var boris = await Host.NewSession().ConnectAsync();
        var borisId = (await boris.JoinAsync(school.CodeOf(1))).Snapshot!.You.Id;
        var lesson = school.Lesson.Id;

        Assert.True(relay.GrantsOf(lesson).Allows(teacherId, MediaKind.Audio));
        Assert.False(relay.GrantsOf(lesson).Allows(annaId, MediaKind.Audio));
        await anna.Connection.InvokeAsync(HubMethods.SetMicrophone, true);
        Assert.True(relay.GrantsOf(lesson).Allows(annaId, MediaKind.Audio));
        await teacher.ModerateAsync(ModerationAction.LockMic, annaId);
        Assert.False(relay.GrantsOf(lesson).Allows(annaId, MediaKind.Audio));

        Assert.True(relay.GrantsOf(lesson).Allows(borisId, MediaKind.Video));
        await teacher.ModerateAsync(ModerationAction.ForbidCamera, borisId);
        Assert.False(relay.GrantsOf(lesson).Allows(borisId, MediaKind.Video));

        Assert.False(relay.GrantsOf(lesson).Allows(borisId, MediaKind.Screen));
        await teacher.ModerateAsync(ModerationAction.GrantScreen, borisId);
        Assert.False(relay.GrantsOf(lesson).Allows(borisId, MediaKind.Screen));
        await boris.Connection.InvokeAsync(HubMethods.SetScreenShare, true);
        Assert.True(relay.GrantsOf(lesson).Allows(borisId, MediaKind.Screen));
        await teacher.ModerateAsync(ModerationAction.StopScreen);
        Assert.False(relay.GrantsOf(lesson).Allows(borisId, MediaKind.Screen));

        await teacher.ModerateAsync(ModerationAction.Kick, annaId);
        Assert.False(relay.GrantsOf(lesson).Allows(annaId, MediaKind.Video));
        Assert.False(relay.GrantsOf(Guid.NewGuid()).Allows(teacherId, MediaKind.Audio));
    }
}
