using Classroom.Contracts;
using Classroom.Core.Chat;
using Classroom.Core.Participants;
using Classroom.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Classroom.Server.Tests.Live;

/// <summary>A full class in one cabinet over the real SignalR client, in both wire protocols.</summary>
public sealed class CabinetLiveTests : HostedTest
{
    [Theory]
    [InlineData(Wire.Json)]
    [InlineData(Wire.MessagePack)]
    public async Task Thirty_students_join_see_each_other_and_receive_every_chat_message_in_order(Wire wire)
    {
        var school = await School.CreateAsync(Host, students: 30, startsAt: Host.Time.GetUtcNow().AddMinutes(5));
        await using var teacher = await school.Teacher.ConnectAsync(wire);
        var teacherJoin = await teacher.JoinAsync(lessonId: school.Lesson.Id);
        Assert.Equal(JoinStatus.Admitted, teacherJoin.Status);
        Assert.Equal((int)Role.Teacher, teacherJoin.Snapshot!.You.Role);
        Assert.Equal("Кабинет 12", teacherJoin.Snapshot.CabinetName);

        var students = new List<HubClient>();
        try
        {
            for (var i = 0; i < 30; i++)
            {
                var session = Host.NewSession();
                var client = await session.ConnectAsync(wire);
                students.Add(client);
                var result = await client.JoinAsync(school.CodeOf(i));
                Assert.Equal(JoinStatus.Admitted, result.Status);
                Assert.Equal(i + 2, result.Snapshot!.Participants.Count);
                Assert.Equal((int)(Permissions.ChatPublic | Permissions.ChatToStaff | Permissions.PublishAudio | Permissions.PublishVideo | Permissions.SeeParticipants), result.Snapshot.Permissions);
            }
            await teacher.WaitUntilAsync(c => c.Joined.Count == 30);
            Assert.Equal(school.Class.Students.Select(s => s.Name).Order(), teacher.Joined.Select(p => p.Name).Order());

            // Teacher and three students talk; everyone gets all messages, in sequence order.
            var sent = new List<long> { await teacher.SendChatAsync("Доброе утро, 9А!") };
            for (var i = 0; i < 3; i++) sent.Add(await students[i].SendChatAsync($"Здравствуйте! ({i})"));
            sent.Add(await teacher.SendChatAsync("Открываем учебник"));
            Assert.Equal(Enumerable.Range((int)sent[0], 5).Select(x => (long)x), sent);

            foreach (var client in students.Append(teacher))
            {
                await client.WaitUntilAsync(c => c.Chat.Count == 5);
                Assert.Equal(sent, client.Chat.Select(m => m.Seq));
                Assert.Equal("Открываем учебник", client.Chat[^1].Text);
            }
        }
        finally
        {
            foreach (var s in students) await s.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(Wire.Json)]
    [InlineData(Wire.MessagePack)]
    public async Task Private_questions_and_replies_reach_only_their_parties_and_student_to_student_is_refused(Wire wire)
    {
        var school = await School.CreateAsync(Host, students: 3, startsAt: Host.Time.GetUtcNow());
        await using var teacher = await school.Teacher.ConnectAsync(wire);
        var teacherId = (await teacher.JoinAsync(lessonId: school.Lesson.Id)).Snapshot!.You.Id;
        await using var anna = await Host.NewSession().ConnectAsync(wire);
        await using var boris = await Host.NewSession().ConnectAsync(wire);
        await using var vera = await Host.NewSession().ConnectAsync(wire);
        var annaId = (await anna.JoinAsync(school.CodeOf(0))).Snapshot!.You.Id;
        var borisId = (await boris.JoinAsync(school.CodeOf(1))).Snapshot!.You.Id;
        await vera.JoinAsync(school.CodeOf(2));

        Assert.Equal("chat.target_not_allowed", await HubClient.ErrorCodeOf(() => anna.SendChatAsync("списать дашь?", borisId)));

        var question = await anna.SendChatAsync("Не понял задачу 3", teacherId);
        var reply = await teacher.SendChatAsync("Посмотри пример на доске", annaId);
        var everyone = await teacher.SendChatAsync("Всем: задача 3 на доске");

        await teacher.WaitUntilAsync(c => c.Chat.Count == 3);
        await anna.WaitUntilAsync(c => c.Chat.Count == 3);
        await boris.WaitUntilAsync(c => c.Chat.Any(m => m.Seq == everyone));
        await vera.WaitUntilAsync(c => c.Chat.Any(m => m.Seq == everyone));
        Assert.Equal([question, reply, everyone], anna.Chat.Select(m => m.Seq));
        Assert.Equal((int)ChatAudience.Staff, anna.Chat[0].Audience);
        Assert.Equal((int)ChatAudience.Participant, anna.Chat[1].Audience);
        Assert.Equal([everyone], boris.Chat.Select(m => m.Seq));
        Assert.Equal([everyone], vera.Chat.Select(m => m.Seq));

        // History honours the same visibility.
        Assert.Equal([everyone], (await boris.ChatSinceAsync(0)).Select(m => m.Seq));
        Assert.Equal([question, reply, everyone], (await teacher.ChatSinceAsync(0)).Select(m => m.Seq));
    }

    [Theory]
    [InlineData(Wire.Json)]
    [InlineData(Wire.MessagePack)]
    public async Task A_student_who_rejoins_after_a_drop_gets_exactly_the_missed_messages_and_stays_one_participant(Wire wire)
    {
        var school = await School.CreateAsync(Host, students: 2, startsAt: Host.Time.GetUtcNow());
        await using var teacher = await school.Teacher.ConnectAsync(wire);
        var teacherId = (await teacher.JoinAsync(lessonId: school.Lesson.Id)).Snapshot!.You.Id;
        await using var boris = await Host.NewSession().ConnectAsync(wire);
        var borisId = (await boris.JoinAsync(school.CodeOf(1))).Snapshot!.You.Id;

        var anna = await Host.NewSession().ConnectAsync(wire);
        var first = await anna.JoinAsync(school.CodeOf(0));
        var annaId = first.Snapshot!.You.Id;
        await teacher.SendChatAsync("Тема урока: законы Ньютона");
        await anna.WaitUntilAsync(c => c.Chat.Count == 1);
        var lastSeen = anna.Chat[^1].Seq;
        await anna.DisposeAsync();
        await teacher.WaitUntilAsync(c => c.Left.Contains(annaId));

        // While Anna is away: public messages, a private reply to her, and a private question she must not see.
        var missed = new List<long>
        {
            await teacher.SendChatAsync("Первый закон"),
            await teacher.SendChatAsync("Анна, ты где?", to: annaId),
        };
        await boris.SendChatAsync("Вопрос только учителю", teacherId);
        missed.Add(await boris.SendChatAsync("Второй закон?"));

        await using var again = await Host.NewSession().ConnectAsync(wire);
        var rejoin = await again.JoinAsync(school.CodeOf(0), lastSeq: lastSeen);
        Assert.Equal(annaId, rejoin.Snapshot!.You.Id);
        Assert.Equal(missed, rejoin.Snapshot.Chat.Select(m => m.Seq));
        Assert.Equal(missed, (await again.ChatSinceAsync(lastSeen)).Select(m => m.Seq));
        Assert.Single(rejoin.Snapshot.Participants, p => p.Id == annaId);
        Assert.Equal(3, rejoin.Snapshot.Participants.Count);

        // A second tab with the same code replaces the first connection rather than adding a person.
        await using var secondTab = await Host.NewSession().ConnectAsync(wire);
        var tab = await secondTab.JoinAsync(school.CodeOf(0));
        Assert.Equal(annaId, tab.Snapshot!.You.Id);
        await again.Replaced;
        await again.Closed;
        await boris.SendChatAsync("Все здесь?");
        await secondTab.WaitUntilAsync(c => c.Chat.Count == 1);
        Assert.Equal(2, teacher.Joined.Count(p => p.Id == annaId));
        Assert.Equal(1, teacher.Left.Count(id => id == annaId));
        Assert.NotEqual(borisId, annaId);
    }

    [Fact]
    public async Task Ending_the_lesson_disconnects_everyone_but_the_teacher()
    {
        var school = await School.CreateAsync(Host, students: 2, startsAt: Host.Time.GetUtcNow());
        await using var teacher = await school.Teacher.ConnectAsync();
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        await using var anna = await Host.NewSession().ConnectAsync();
        await using var boris = await Host.NewSession().ConnectAsync(Wire.MessagePack);
        await anna.JoinAsync(school.CodeOf(0));
        await boris.JoinAsync(school.CodeOf(1));

        Assert.Equal("forbidden", await HubClient.ErrorCodeOf(() => anna.Connection.InvokeAsync(HubMethods.EndLesson)));
        await teacher.Connection.InvokeAsync(HubMethods.EndLesson);

        await anna.Ended;
        await boris.Ended;
        await anna.Closed;
        await boris.Closed;
        await teacher.Ended;
        Assert.False(teacher.IsClosed);
        await teacher.SendChatAsync("Спасибо за урок");

        await using var late = await Host.NewSession().ConnectAsync();
        Assert.Equal("entry.lesson_ended", await HubClient.ErrorCodeOf(() => late.JoinAsync(school.CodeOf(0), lessonId: school.Lesson.Id)));
    }
}
