using Classroom.Contracts;
using Classroom.Core.Moderation;
using Classroom.Server.Lessons;
using Classroom.Server.Tests.Infrastructure;

namespace Classroom.Server.Tests.Moderation;

/// <summary>
/// A cabinet ban given in one lesson reaches every other lesson of the cabinet that this node has
/// loaded: the student is taken out of a live lesson and off a waiting screen there, refused on
/// every way back in, and the lifted ban lets them into all of them again.
/// </summary>
public sealed class CabinetBanTests : HostedTest
{
    [Fact]
    public async Task A_cabinet_ban_in_one_lesson_removes_and_refuses_the_student_in_the_cabinets_other_lessons_and_lifting_it_reaches_them_too()
    {
        var now = Host.Time.GetUtcNow();
        var school = await School.CreateAsync(Host, students: 2, now);
        // Two lessons of the same cabinet live at once (a double period, a lesson overrunning into the
        // next), and a third whose entry window opens later.
        var second = await school.Teacher.PostAsync<LessonView>($"/api/cabinets/{school.Cabinet.Id}/lessons",
            new { classId = school.Class.Id, title = "Вторая пара", startsAt = now, durationMinutes = 45 });
        var later = await school.Teacher.PostAsync<LessonView>($"/api/cabinets/{school.Cabinet.Id}/lessons",
            new { classId = school.Class.Id, title = "Завтра", startsAt = now.AddHours(3), durationMinutes = 45, entryOpensMinutesBefore = 5 });

        await using var teacherA = await school.Teacher.ConnectAsync();
        await teacherA.JoinAsync(lessonId: school.Lesson.Id);
        await using var teacherB = await school.Teacher.ConnectAsync(Wire.MessagePack);
        await teacherB.JoinAsync(lessonId: second.Id);
        await using var teacherC = await school.Teacher.ConnectAsync();
        await teacherC.JoinAsync(lessonId: later.Id);

        var code = school.CodeOf(0);
        await using var inA = await Host.NewSession().ConnectAsync();
        var annaId = (await inA.JoinAsync(code, lessonId: school.Lesson.Id)).Snapshot!.You.Id;
        await using var inB = await Host.NewSession().ConnectAsync();
        Assert.Equal(JoinStatus.Admitted, (await inB.JoinAsync(code, lessonId: second.Id)).Status);
        await using var waitingC = await Host.NewSession().ConnectAsync();
        Assert.Equal(JoinStatus.Waiting, (await waitingC.JoinAsync(code, lessonId: later.Id)).Status);
        await using var boris = await Host.NewSession().ConnectAsync();
        await boris.JoinAsync(school.CodeOf(1), lessonId: second.Id);

        await teacherA.ModerateAsync(ModerationAction.BanFromCabinet, annaId, "травля одноклассника");

        await inA.Closed;
        await inB.Closed;
        Assert.Equal(((int)RemovalKind.Banned, "травля одноклассника"), (inB.Removals.Single().Kind, inB.Removals.Single().Reason));
        await waitingC.Closed;
        Assert.Equal((int)RemovalKind.Banned, waitingC.Removals.Single().Kind);
        await teacherB.WaitUntilAsync(c => c.Left.Contains(annaId) && c.BansNow.Count == 1
            && c.Moderation.Any(m => m.Action == (int)ModerationAction.BanFromCabinet && m.TargetId == annaId));
        await teacherC.WaitUntilAsync(c => c.BansNow.Count == 1);
        var ban = teacherB.BansNow.Single();
        Assert.Equal((annaId, (int)BanScope.Cabinet), (ban.ParticipantId, ban.Scope));
        // The classmate in the other lesson is untouched.
        Assert.False(boris.IsClosed);
        Assert.Empty(boris.Removals);

        // Every way back into any lesson of the cabinet is refused.
        await using var again = await Host.NewSession().ConnectAsync();
        Assert.Equal("entry.banned", await HubClient.ErrorCodeOf(() => again.JoinAsync(code, lessonId: second.Id)));
        Assert.Equal("entry.banned", await HubClient.ErrorCodeOf(() => again.JoinAsync(code, lessonId: later.Id)));
        Assert.Equal("entry.banned", await HubClient.ErrorCodeOf(() => again.JoinAsync(code)));

        // Lifted in lesson B (not where it was given): it is lifted everywhere.
        await teacherB.ModerateAsync(ModerationAction.Unban, ban.Id.ToString());
        await teacherA.WaitUntilAsync(c => c.BansNow.Count == 0 && c.Moderation.Count(m => m.Action == (int)ModerationAction.BanFromCabinet) == 1);
        await teacherC.WaitUntilAsync(c => c.BansNow.Count == 0);
        await using var backInA = await Host.NewSession().ConnectAsync();
        Assert.Equal(JoinStatus.Admitted, (await backInA.JoinAsync(code, lessonId: school.Lesson.Id)).Status);
        await using var backInB = await Host.NewSession().ConnectAsync();
        Assert.Equal(JoinStatus.Admitted, (await backInB.JoinAsync(code, lessonId: second.Id)).Status);
        await using var backInC = await Host.NewSession().ConnectAsync();
        Assert.Equal(JoinStatus.Waiting, (await backInC.JoinAsync(code, lessonId: later.Id)).Status);
    }

    [Fact]
    public async Task A_lesson_ban_stays_in_its_lesson()
    {
        var now = Host.Time.GetUtcNow();
        var school = await School.CreateAsync(Host, students: 1, now);
        var second = await school.Teacher.PostAsync<LessonView>($"/api/cabinets/{school.Cabinet.Id}/lessons",
            new { classId = school.Class.Id, startsAt = now, durationMinutes = 45 });
        await using var teacherA = await school.Teacher.ConnectAsync();
        await teacherA.JoinAsync(lessonId: school.Lesson.Id);
        await using var teacherB = await school.Teacher.ConnectAsync();
        await teacherB.JoinAsync(lessonId: second.Id);
        await using var inA = await Host.NewSession().ConnectAsync();
        var annaId = (await inA.JoinAsync(school.CodeOf(0), lessonId: school.Lesson.Id)).Snapshot!.You.Id;
        await using var inB = await Host.NewSession().ConnectAsync();
        await inB.JoinAsync(school.CodeOf(0), lessonId: second.Id);

        await teacherA.ModerateAsync(ModerationAction.BanFromLesson, annaId, "только этот урок");
        await inA.Closed;
        await teacherA.WaitUntilAsync(c => c.BansNow.Count == 1);
        // The moderation call returns after the ban has been carried to the cabinet's other rooms, so
        // the student still being in lesson B now means it was never applied there.
        Assert.True(await inB.SendChatAsync("я на другом уроке") > 0);
        Assert.False(inB.IsClosed);
        Assert.Empty(teacherB.BansNow);
    }
}
