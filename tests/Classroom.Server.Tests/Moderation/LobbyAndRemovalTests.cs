using Classroom.Contracts;
using Classroom.Core.Moderation;
using Classroom.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Classroom.Server.Tests.Moderation;

/// <summary>Who gets in and who is taken out, decided by the teacher and enforced on every path back in.</summary>
public sealed class LobbyAndRemovalTests : HostedTest
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Classroom:HubCallsPerWindow"] = "10",
        ["Classroom:FloodStrikesToDisconnect"] = "5",
        ["Classroom:MaxLobbySize"] = "3",
    };

    private async Task<(School School, HubClient Teacher)> LessonWithTeacherAsync(int students = 3)
    {
        var school = await School.CreateAsync(Host, students, Host.Time.GetUtcNow());
        var teacher = await school.Teacher.ConnectAsync();
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        return (school, teacher);
    }

    [Fact]
    public async Task In_manual_mode_students_wait_in_the_lobby_until_admitted_or_rejected()
    {
        var (school, teacher) = await LessonWithTeacherAsync();
        await using var _ = teacher;
        await teacher.ModerateAsync(ModerationAction.AdmitManually, value: "true");

        await using var anna = await Host.NewSession().ConnectAsync();
        await using var boris = await Host.NewSession().ConnectAsync();
        await using var vera = await Host.NewSession().ConnectAsync();
        Assert.Equal(JoinStatus.Lobby, (await anna.JoinAsync(school.CodeOf(0))).Status);
        Assert.Equal(JoinStatus.Lobby, (await boris.JoinAsync(school.CodeOf(1))).Status);
        Assert.Equal(JoinStatus.Lobby, (await vera.JoinAsync(school.CodeOf(2))).Status);
        await teacher.WaitUntilAsync(c => c.LobbyNow.Count == 3);
        Assert.Equal(["Ученик 01", "Ученик 02", "Ученик 03"], teacher.LobbyNow.Select(e => e.Name));
        Assert.Equal("not_joined", await HubClient.ErrorCodeOf(() => anna.SendChatAsync("пустите")));

        await teacher.ModerateAsync(ModerationAction.AdmitFromLobby, teacher.LobbyNow[0].Id);
        var snapshot = await anna.Admitted;
        Assert.Equal(2, snapshot.Participants.Count);
        await teacher.ModerateAsync(ModerationAction.RejectFromLobby, teacher.LobbyNow.Single(e => e.Name == "Ученик 02").Id, "мешает");
        await boris.Closed;
        Assert.Equal((int)RemovalKind.Rejected, boris.Removals.Single().Kind);
        Assert.Equal("мешает", boris.Removals.Single().Reason);
        await teacher.ModerateAsync(ModerationAction.AdmitAll);
        await vera.Admitted;
        await teacher.WaitUntilAsync(c => c.LobbyNow.Count == 0 && c.Joined.Count == 2);
    }

    [Fact]
    public async Task A_locked_cabinet_lets_nobody_new_in_but_a_student_already_admitted_may_come_back()
    {
        var (school, teacher) = await LessonWithTeacherAsync();
        await using var _ = teacher;
        var anna = await Host.NewSession().ConnectAsync();
        var annaId = (await anna.JoinAsync(school.CodeOf(0))).Snapshot!.You.Id;
        await teacher.ModerateAsync(ModerationAction.Lock);

        await using var boris = await Host.NewSession().ConnectAsync();
        Assert.Equal(JoinStatus.Lobby, (await boris.JoinAsync(school.CodeOf(1))).Status);
        await anna.DisposeAsync();
        await teacher.WaitUntilAsync(c => c.Left.Contains(annaId));
        await using var annaBack = await Host.NewSession().ConnectAsync();
        Assert.Equal(JoinStatus.Admitted, (await annaBack.JoinAsync(school.CodeOf(0))).Status);

        await teacher.ModerateAsync(ModerationAction.Unlock);
        await using var vera = await Host.NewSession().ConnectAsync();
        Assert.Equal(JoinStatus.Admitted, (await vera.JoinAsync(school.CodeOf(2))).Status);
    }

    [Fact]
    public async Task Late_arrivals_wait_in_the_lobby_even_in_automatic_mode()
    {
        var (school, teacher) = await LessonWithTeacherAsync();
        await using var _ = teacher;
        await using var anna = await Host.NewSession().ConnectAsync();
        Assert.Equal(JoinStatus.Admitted, (await anna.JoinAsync(school.CodeOf(0))).Status);
        await teacher.ModerateAsync(ModerationAction.LateToLobby, value: "true");
        Host.Time.Advance(TimeSpan.FromMinutes(5));
        await using var late = await Host.NewSession().ConnectAsync();
        Assert.Equal(JoinStatus.Lobby, (await late.JoinAsync(school.CodeOf(1))).Status);
    }

    [Fact]
    public async Task Sent_to_the_lobby_the_student_stays_connected_and_can_be_let_back_in()
    {
        var (school, teacher) = await LessonWithTeacherAsync();
        await using var _ = teacher;
        await using var anna = await Host.NewSession().ConnectAsync();
        var annaId = (await anna.JoinAsync(school.CodeOf(0))).Snapshot!.You.Id;
        await teacher.ModerateAsync(ModerationAction.SendToLobby, annaId);
        await anna.WaitUntilAsync(c => c.Removals.Count == 1);
        Assert.Equal((int)RemovalKind.SentToLobby, anna.Removals[0].Kind);
        Assert.False(anna.IsClosed);
        Assert.Equal("not_joined", await HubClient.ErrorCodeOf(() => anna.SendChatAsync("я всё ещё тут")));
        await teacher.WaitUntilAsync(c => c.LobbyNow.Count == 1 && c.LobbyNow[0].Returning);

        // Reconnecting does not skip the lobby.
        await using var sneaky = await Host.NewSession().ConnectAsync();
        Assert.Equal(JoinStatus.Lobby, (await sneaky.JoinAsync(school.CodeOf(0))).Status);
        await teacher.ModerateAsync(ModerationAction.AdmitFromLobby, annaId);
        await sneaky.Admitted;
    }

    [Fact]
    public async Task A_timeout_refuses_the_code_until_it_runs_out_and_then_it_is_the_lobby()
    {
        var (school, teacher) = await LessonWithTeacherAsync();
        await using var _ = teacher;
        await using var anna = await Host.NewSession().ConnectAsync();
        var annaId = (await anna.JoinAsync(school.CodeOf(0))).Snapshot!.You.Id;
        Assert.Equal("moderation.invalid_value", await HubClient.ErrorCodeOf(() => teacher.ModerateAsync(ModerationAction.Timeout, annaId, "0")));
        await teacher.ModerateAsync(ModerationAction.Timeout, annaId, "5");
        await anna.Closed;
        Assert.Equal((int)RemovalKind.TimedOut, anna.Removals.Single().Kind);
        Assert.NotNull(anna.Removals.Single().Until);

        await using var again = await Host.NewSession().ConnectAsync();
        Assert.Equal("entry.timed_out", await HubClient.ErrorCodeOf(() => again.JoinAsync(school.CodeOf(0))));
        Host.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(JoinStatus.Lobby, (await again.JoinAsync(school.CodeOf(0))).Status);
    }

    [Fact]
    public async Task A_kicked_student_comes_back_only_through_the_lobby()
    {
        var (school, teacher) = await LessonWithTeacherAsync();
        await using var _ = teacher;
        await using var anna = await Host.NewSession().ConnectAsync();
        var annaId = (await anna.JoinAsync(school.CodeOf(0))).Snapshot!.You.Id;
        await teacher.ModerateAsync(ModerationAction.Kick, annaId);
        await anna.Closed;
        await using var again = await Host.NewSession().ConnectAsync();
        Assert.Equal(JoinStatus.Lobby, (await again.JoinAsync(school.CodeOf(0))).Status);
    }

    [Theory]
    [InlineData(ModerationAction.BanFromLesson)]
    [InlineData(ModerationAction.BanFromCabinet)]
    public async Task A_banned_code_is_refused_on_every_path_until_the_teacher_lifts_the_ban(ModerationAction ban)
    {
        var (school, teacher) = await LessonWithTeacherAsync();
        await using var _ = teacher;
        await using var anna = await Host.NewSession().ConnectAsync(Wire.MessagePack);
        var annaId = (await anna.JoinAsync(school.CodeOf(0))).Snapshot!.You.Id;
        // A second device waiting in the lobby goes too.
        await teacher.ModerateAsync(ModerationAction.SendToLobby, annaId);
        await using var secondDevice = await Host.NewSession().ConnectAsync();
        Assert.Equal(JoinStatus.Lobby, (await secondDevice.JoinAsync(school.CodeOf(0))).Status);

        Assert.Equal("moderation.invalid_value", await HubClient.ErrorCodeOf(() => teacher.ModerateAsync(ban, annaId, "  ")));
        await teacher.ModerateAsync(ban, annaId, "оскорбления в чате");
        await secondDevice.Closed;
        Assert.Equal((int)RemovalKind.Banned, secondDevice.Removals.Single().Kind);
        await teacher.WaitUntilAsync(c => c.BansNow.Count == 1);
        var banView = teacher.BansNow[0];
        Assert.Equal(("Ученик 01", "оскорбления в чате", ban == ModerationAction.BanFromCabinet ? 1 : 0), (banView.Name, banView.Reason, banView.Scope));

        // New connection, after a reconnect, with a lesson id: all refused.
        await using var third = await Host.NewSession().ConnectAsync();
        Assert.Equal("entry.banned", await HubClient.ErrorCodeOf(() => third.JoinAsync(school.CodeOf(0))));
        Assert.Equal("entry.banned", await HubClient.ErrorCodeOf(() => third.JoinAsync(school.CodeOf(0), lessonId: school.Lesson.Id, lastSeq: 0)));

        // A cabinet ban also holds for the next lesson in the cabinet; a lesson ban does not.
        var next = await school.Teacher.PostAsync<Classroom.Server.Lessons.LessonView>($"/api/cabinets/{school.Cabinet.Id}/lessons",
            new { classId = school.Class.Id, startsAt = Host.Time.GetUtcNow().AddMinutes(1), durationMinutes = 45 });
        await using var nextDay = await Host.NewSession().ConnectAsync();
        if (ban == ModerationAction.BanFromCabinet)
            Assert.Equal("entry.banned", await HubClient.ErrorCodeOf(() => nextDay.JoinAsync(school.CodeOf(0), lessonId: next.Id)));
        else
            Assert.Equal(JoinStatus.Admitted, (await nextDay.JoinAsync(school.CodeOf(0), lessonId: next.Id)).Status);

        await teacher.ModerateAsync(ModerationAction.Unban, banView.Id.ToString());
        await teacher.WaitUntilAsync(c => c.BansNow.Count == 0);
        await using var forgiven = await Host.NewSession().ConnectAsync();
        Assert.Equal(JoinStatus.Lobby, (await forgiven.JoinAsync(school.CodeOf(0), lessonId: school.Lesson.Id)).Status);
    }

    [Fact]
    public async Task A_deleted_message_disappears_for_everyone_and_from_replay_but_stays_in_the_log()
    {
        var (school, teacher) = await LessonWithTeacherAsync();
        await using var _ = teacher;
        await using var anna = await Host.NewSession().ConnectAsync();
        await anna.JoinAsync(school.CodeOf(0));
        await using var boris = await Host.NewSession().ConnectAsync(Wire.MessagePack);
        await boris.JoinAsync(school.CodeOf(1));
        var ok = await boris.SendChatAsync("Нормальный вопрос");
        var rude = await anna.SendChatAsync("грубость");
        await teacher.ModerateAsync(ModerationAction.PinMessage, value: ok.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await boris.WaitUntilAsync(c => c.Rules.Any(r => r.PinnedSeq == ok));
        await teacher.ModerateAsync(ModerationAction.DeleteMessage, value: rude.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await boris.WaitUntilAsync(c => c.Deleted.Contains(rude));
        await anna.WaitUntilAsync(c => c.Deleted.Contains(rude));

        Assert.Equal([ok], (await boris.ChatSinceAsync(0)).Select(m => m.Seq));
        await using var late = await Host.NewSession().ConnectAsync();
        var snapshot = (await late.JoinAsync(school.CodeOf(2))).Snapshot!;
        Assert.Equal([ok], snapshot.Chat.Select(m => m.Seq));
        Assert.Equal([rude], snapshot.DeletedSeqs!);
        Assert.Equal(ok, snapshot.Rules!.PinnedSeq);
        Assert.Equal("moderation.no_target", await HubClient.ErrorCodeOf(() => teacher.ModerateAsync(ModerationAction.DeleteMessage, value: rude.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal("moderation.no_target", await HubClient.ErrorCodeOf(() => teacher.ModerateAsync(ModerationAction.DeleteMessage, value: "999")));
        await teacher.WaitUntilAsync(c => c.Moderation.Any(e => e.Action == (int)ModerationAction.DeleteMessage));
        Assert.Contains("грубость", teacher.Moderation.Single(e => e.Action == (int)ModerationAction.DeleteMessage).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flooding_student_is_disconnected_and_the_teacher_is_told_while_others_notice_nothing()
    {
        var (school, teacher) = await LessonWithTeacherAsync();
        await using var _ = teacher;
        await using var good = await Host.NewSession().ConnectAsync();
        await good.JoinAsync(school.CodeOf(1));
        await using var flooder = await Host.NewSession().ConnectAsync();
        var flooderId = (await flooder.JoinAsync(school.CodeOf(0))).Snapshot!.You.Id;
        for (var i = 0; i < 40 && !flooder.IsClosed; i++)
        {
            try
            {
                await flooder.Connection.InvokeAsync(HubMethods.RaiseHand, i % 2 == 0);
            }
            catch (Exception ex) when (ex is Microsoft.AspNetCore.SignalR.HubException or InvalidOperationException or TaskCanceledException)
            {
            }
        }
        await flooder.Closed;
        await teacher.WaitUntilAsync(c => c.Left.Contains(flooderId) && c.Moderation.Any(e => e.TargetId == flooderId && e.Detail == "flooding"));
        var seq = await teacher.SendChatAsync("Продолжаем урок");
        await good.WaitUntilAsync(c => c.Chat.Any(m => m.Seq == seq));
        Assert.False(good.IsClosed);
    }

    [Fact]
    public async Task The_teacher_sees_when_a_second_device_takes_a_students_place()
    {
        var (school, teacher) = await LessonWithTeacherAsync();
        await using var _ = teacher;
        await using var phone = await Host.NewSession().ConnectAsync();
        var id = (await phone.JoinAsync(school.CodeOf(0))).Snapshot!.You.Id;
        await using var laptop = await Host.NewSession().ConnectAsync();
        await laptop.JoinAsync(school.CodeOf(0));
        await teacher.WaitUntilAsync(c => c.ReplacedOthers.Contains(id));
    }

    [Fact]
    public async Task The_lobby_has_a_size_limit_and_a_code_cannot_choose_another_name()
    {
        var (school, teacher) = await LessonWithTeacherAsync(students: 4);
        await using var _ = teacher;
        await teacher.ModerateAsync(ModerationAction.AdmitManually, value: "true");
        await using var a = await Host.NewSession().ConnectAsync();
        await using var b = await Host.NewSession().ConnectAsync();
        await using var d = await Host.NewSession().ConnectAsync();
        await using var c = await Host.NewSession().ConnectAsync();
        Assert.Equal(JoinStatus.Lobby, (await a.JoinAsync(school.CodeOf(0), displayName: "Директор")).Status);
        Assert.Equal(JoinStatus.Lobby, (await b.JoinAsync(school.CodeOf(1))).Status);
        Assert.Equal(JoinStatus.Lobby, (await d.JoinAsync(school.CodeOf(3))).Status);
        Assert.Equal("entry.lobby_full", await HubClient.ErrorCodeOf(() => c.JoinAsync(school.CodeOf(2))));
        await teacher.WaitUntilAsync(t => t.LobbyNow.Count == 3);
        Assert.Equal("Ученик 01", teacher.LobbyNow[0].Name);
        await teacher.ModerateAsync(ModerationAction.AdmitFromLobby, teacher.LobbyNow[0].Id);
        Assert.Equal("Ученик 01", (await a.Admitted).You.Name);
        Assert.Equal(JoinStatus.Lobby, (await c.JoinAsync(school.CodeOf(2))).Status);
    }

    [Fact]
    public async Task Rejoining_in_a_loop_is_rate_limited_per_code()
    {
        var (school, teacher) = await LessonWithTeacherAsync(students: 1);
        await using var _ = teacher;
        var codes = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            await using var client = await Host.NewSession().ConnectAsync();
            try
            {
                await client.JoinAsync(school.CodeOf(0));
                codes.Add("ok");
            }
            catch (Microsoft.AspNetCore.SignalR.HubException ex)
            {
                codes.Add(ex.Message.Contains("[rate_limited]", StringComparison.Ordinal) ? "limited" : ex.Message);
            }
        }
        Assert.Equal(10, codes.Count(c => c == "ok"));
        Assert.Equal(2, codes.Count(c => c == "limited"));
        Host.Time.Advance(TimeSpan.FromMinutes(1));
        await using var later = await Host.NewSession().ConnectAsync();
        Assert.Equal(JoinStatus.Admitted, (await later.JoinAsync(school.CodeOf(0))).Status);
    }

    [Fact]
    public async Task A_student_waiting_for_the_window_goes_to_the_lobby_when_it_opens_in_manual_mode()
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow().AddMinutes(20));
        await using var teacher = await school.Teacher.ConnectAsync();
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        await teacher.ModerateAsync(ModerationAction.AdmitManually, value: "true");
        await using var anna = await Host.NewSession().ConnectAsync();
        Assert.Equal(JoinStatus.Waiting, (await anna.JoinAsync(school.CodeOf(0))).Status);
        Host.Time.Advance(TimeSpan.FromMinutes(10));
        await anna.WaitUntilAsync(c => c.Removals.Count == 1);
        Assert.Equal((int)RemovalKind.SentToLobby, anna.Removals[0].Kind);
        await teacher.WaitUntilAsync(c => c.LobbyNow.Count == 1);
        await teacher.ModerateAsync(ModerationAction.AdmitAll);
        await anna.Admitted;
    }
}
