using Classroom.Core.Chat;
using Classroom.Core.Errors;
using Classroom.Core.Live;
using Classroom.Core.Moderation;
using Classroom.Core.Moderation.Bans;
using Classroom.Core.Participants;

namespace Classroom.Core.Tests.Moderation;

/// <summary>A ban given in another lesson: what it does here, decided by this lesson.</summary>
public sealed class BansFromElsewhereTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Cabinet = Guid.NewGuid();
    private static readonly Guid OtherLesson = Guid.NewGuid();
    private static readonly ParticipantIdentity Teacher = ParticipantIdentity.ForStaff("u1", Role.Teacher, "Учитель");
    private static readonly ParticipantIdentity Anna = ParticipantIdentity.ForStudent(Guid.NewGuid(), "Анна");
    private static readonly ParticipantIdentity Boris = ParticipantIdentity.ForStudent(Guid.NewGuid(), "Борис");
    private readonly LiveLesson _lesson = new(Guid.NewGuid(), Cabinet, 0, new ChatOptions());

    private static Ban CabinetBan(ParticipantIdentity who) => new(Guid.NewGuid(), who.Id, who.DisplayName, BanScope.Cabinet, "травля", Now);

    private static ModerationEntry LogLine(Ban ban) => new(Now, Teacher.Id, "Учитель", ban.ParticipantId, ban.Name, ModerationAction.BanFromCabinet, ban.Reason);

    [Fact]
    public void A_cabinet_ban_from_another_lesson_takes_the_student_out_here_and_refuses_them()
    {
        _lesson.Admit(Teacher, "t", Now, false);
        _lesson.Admit(Anna, "a", Now, false);
        _lesson.AddWaiting(Boris, "b");
        var ban = CabinetBan(Anna);

        var events = _lesson.ApplyBanFromElsewhere(ban, OtherLesson, Cabinet, LogLine(ban));

        Assert.Contains(events, e => e is BansChanged c && c.Bans.Single().Id == ban.Id);
        Assert.Contains(events, e => e is ParticipantRemoved { ConnectionId: "a", Kind: RemovalKind.Banned, Reason: "травля" });
        Assert.Contains(events, e => e is ParticipantLeft l && l.ParticipantId == Anna.Id);
        Assert.Equal(ModerationAction.BanFromCabinet, Assert.Single(events.OfType<Moderated>()).Entry.Action);
        Assert.DoesNotContain(events, e => e is Banned);
        Assert.Null(_lesson.Find(Anna.Id));
        Assert.Equal(ErrorCodes.Banned, Assert.Throws<ClassroomException>(() => _lesson.EnsureMayEnter(Anna, Now)).Code);
        _lesson.EnsureMayEnter(Boris, Now);

        // The same ban again (a room that loaded it from storage meanwhile) changes nothing.
        Assert.Empty(_lesson.ApplyBanFromElsewhere(ban, OtherLesson, Cabinet, LogLine(ban)));
    }

    [Fact]
    public void A_waiting_student_is_turned_away_and_the_log_is_written_only_when_someone_was_taken_out()
    {
        _lesson.AddWaiting(Anna, "a-waiting");
        var ban = CabinetBan(Anna);
        var events = _lesson.ApplyBanFromElsewhere(ban, OtherLesson, Cabinet, LogLine(ban));
        Assert.Contains(events, e => e is ParticipantRemoved { ConnectionId: "a-waiting", Kind: RemovalKind.Banned });
        Assert.Equal(0, _lesson.WaitingCount);

        var absent = CabinetBan(Boris);
        var quiet = _lesson.ApplyBanFromElsewhere(absent, OtherLesson, Cabinet, LogLine(absent));
        Assert.IsType<BansChanged>(Assert.Single(quiet));
    }

    [Fact]
    public void Lesson_bans_and_other_cabinets_bans_do_not_reach_this_lesson_and_lifting_reaches_it()
    {
        _lesson.Admit(Anna, "a", Now, false);
        var lessonBan = CabinetBan(Anna) with { Scope = BanScope.Lesson };
        Assert.Empty(_lesson.ApplyBanFromElsewhere(lessonBan, OtherLesson, Cabinet, LogLine(lessonBan)));
        var elsewhere = CabinetBan(Anna);
        Assert.Empty(_lesson.ApplyBanFromElsewhere(elsewhere, OtherLesson, Guid.NewGuid(), LogLine(elsewhere)));
        Assert.NotNull(_lesson.Find(Anna.Id));

        var ban = CabinetBan(Anna);
        _lesson.ApplyBanFromElsewhere(ban, OtherLesson, Cabinet, LogLine(ban));
        var lifted = _lesson.LiftBanFromElsewhere(ban.Id);
        Assert.Empty(Assert.IsType<BansChanged>(Assert.Single(lifted)).Bans);
        _lesson.EnsureMayEnter(Anna, Now);
        Assert.Empty(_lesson.LiftBanFromElsewhere(ban.Id));
    }

    [Theory]
    [InlineData(BanScope.Cabinet, true, false, true)]
    [InlineData(BanScope.Cabinet, false, false, false)]
    [InlineData(BanScope.Lesson, true, false, false)]
    [InlineData(BanScope.Lesson, true, true, true)]
    public void Reach_follows_the_scope(BanScope scope, bool sameCabinet, bool sameLesson, bool reaches)
    {
        var lesson = Guid.NewGuid();
        Assert.Equal(reaches, BanReach.Reaches(scope, sameLesson ? lesson : OtherLesson, Cabinet, lesson, sameCabinet ? Cabinet : Guid.NewGuid()));
    }
}
