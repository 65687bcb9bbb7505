using Classroom.Core.Chat;
using Classroom.Core.Errors;
using Classroom.Core.Live;
using Classroom.Core.Moderation;
using Classroom.Core.Participants;
using Microsoft.Extensions.Time.Testing;

namespace Classroom.Core.Tests.Moderation;

public sealed class ModerationTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly LiveLesson _lesson = new(Guid.NewGuid(), Guid.NewGuid(), 0, new ChatOptions());
    private static readonly ParticipantIdentity Teacher = ParticipantIdentity.ForStaff("u1", Role.Teacher, "Учитель");
    private static readonly ParticipantIdentity Anna = ParticipantIdentity.ForStudent(Guid.NewGuid(), "Анна");
    private static readonly ParticipantIdentity Boris = ParticipantIdentity.ForStudent(Guid.NewGuid(), "Борис");

    public ModerationTests()
    {
        _lesson.Admit(Teacher, "t", Now, false);
        _lesson.Admit(Anna, "a", Now, false);
        _lesson.Admit(Boris, "b", Now, false);
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    private IReadOnlyList<LessonEvent> Do(ModerationAction action, string? target = null, string? value = null) =>
        _lesson.Moderate("t", new ModerationCommand(action, target, value), Now);

    private LiveParticipant P(ParticipantIdentity who) => _lesson.Find(who.Id)!;

    private static string Code(Action act) => Assert.Throws<ClassroomException>(act).Code;

    [Fact]
    public void Students_join_muted_may_unmute_themselves_until_the_teacher_locks_the_microphone()
    {
        Assert.True(P(Anna).Controls.MicMuted);
        Assert.False(P(Anna).Speaking);
        _lesson.SetMicrophone("a", on: true);
        Assert.True(P(Anna).Speaking);

        Do(ModerationAction.LockMic, Anna.Id);
        Assert.False(P(Anna).Speaking);
        Assert.False(P(Anna).Permissions.HasFlag(Permissions.PublishAudio));
        Assert.Equal(ErrorCodes.MicLocked, Code(() => _lesson.SetMicrophone("a", on: true)));

        Do(ModerationAction.GiveFloor, Anna.Id);
        Assert.True(P(Anna).Speaking);
        Do(ModerationAction.GiveFloor, Boris.Id);
        Assert.False(P(Anna).Speaking);
        Assert.True(P(Boris).Speaking);
    }

    [Fact]
    public void A_locked_mute_and_a_raised_hand_survive_a_reconnect()
    {
        _lesson.SetHand("a", raised: true, Now);
        Do(ModerationAction.LockMic, Anna.Id);
        Do(ModerationAction.ForbidCamera, Anna.Id);
        _lesson.Disconnect("a");
        _lesson.Admit(Anna, "a2", Now, returning: true);

        var anna = P(Anna);
        Assert.True(anna.Controls.MicLocked);
        Assert.NotNull(anna.Controls.HandRaisedAt);
        Assert.False(anna.Permissions.HasFlag(Permissions.PublishVideo));
        Assert.Equal(ErrorCodes.MicLocked, Code(() => _lesson.SetMicrophone("a2", on: true)));
        Assert.Equal([Anna.Id], _lesson.HandQueue.Select(p => p.Id));
    }

    [Fact]
    public void Lock_all_applies_to_students_now_and_to_those_who_come_later()
    {
        Do(ModerationAction.LockMic);
        Assert.All([P(Anna), P(Boris)], p => Assert.False(p.Permissions.HasFlag(Permissions.PublishAudio)));
        var vera = ParticipantIdentity.ForStudent(Guid.NewGuid(), "Вера");
        _lesson.Admit(vera, "v", Now, false);
        Assert.True(P(vera).Controls.MicLocked);
        Assert.True(P(Teacher).Speaking);
    }

    [Fact]
    public void Cameras_forbidden_for_all_can_be_allowed_for_one()
    {
        Do(ModerationAction.ForbidCamerasAll);
        Assert.False(P(Anna).Permissions.HasFlag(Permissions.PublishVideo));
        Do(ModerationAction.AllowCamera, Anna.Id);
        Assert.True(P(Anna).Permissions.HasFlag(Permissions.PublishVideo));
        Assert.False(P(Boris).Permissions.HasFlag(Permissions.PublishVideo));
        Assert.True(P(Teacher).Permissions.HasFlag(Permissions.PublishVideo));
    }

    [Fact]
    public void Chat_can_be_disabled_for_one_or_all_and_slowed_down()
    {
        Do(ModerationAction.DisableChat, Anna.Id);
        Assert.Equal(ErrorCodes.ChatNotAllowed, Code(() => _lesson.PostChat("a", "спам", null, Now)));
        Assert.Equal(ErrorCodes.ChatTargetNotAllowed, Code(() => _lesson.PostChat("a", "спам", Teacher.Id, Now)));
        _lesson.PostChat("b", "можно", null, Now);

        Do(ModerationAction.EnableChat, Anna.Id);
        Do(ModerationAction.SlowMode, value: "30");
        _lesson.PostChat("a", "раз", null, Now);
        Assert.Equal(ErrorCodes.ChatSlowMode, Code(() => _lesson.PostChat("a", "два", null, Now)));
        _lesson.PostChat("t", "учителю можно всегда", null, Now);
        _time.Advance(TimeSpan.FromSeconds(30));
        _lesson.PostChat("a", "два", null, Now);

        Do(ModerationAction.DisableChatAll);
        Assert.Equal(ErrorCodes.ChatNotAllowed, Code(() => _lesson.PostChat("b", "всё?", null, Now)));
        Assert.Equal(ErrorCodes.InvalidValue, Code(() => Do(ModerationAction.SlowMode, value: "-1")));
        Assert.Equal(ErrorCodes.InvalidValue, Code(() => Do(ModerationAction.SlowMode, value: "100000")));
    }

    [Fact]
    public void Screen_sharing_needs_the_teachers_grant_and_is_one_at_a_time()
    {
        Assert.Equal(ErrorCodes.ScreenNotGranted, Code(() => _lesson.SetScreenShare("a", on: true)));
        Do(ModerationAction.GrantScreen, Anna.Id);
        Do(ModerationAction.GrantScreen, Boris.Id);
        _lesson.SetScreenShare("a", on: true);
        Assert.Equal(Anna.Id, _lesson.Rules.ScreenSharerId);
        Assert.Equal(ErrorCodes.ScreenBusy, Code(() => _lesson.SetScreenShare("b", on: true)));

        Do(ModerationAction.StopScreen);
        Assert.Null(_lesson.Rules.ScreenSharerId);
        _lesson.SetScreenShare("b", on: true);
        Do(ModerationAction.RevokeScreen, Boris.Id);
        Assert.Null(_lesson.Rules.ScreenSharerId);
        Assert.Equal(ErrorCodes.ScreenNotGranted, Code(() => _lesson.SetScreenShare("b", on: true)));

        _lesson.SetScreenShare("a", on: true);
        _lesson.SetScreenShare("t", on: true);
        Assert.Equal(Teacher.Id, _lesson.Rules.ScreenSharerId);
    }

    [Fact]
    public void Only_staff_moderate_only_students_are_targets_and_every_action_is_logged()
    {
        Assert.Equal(ErrorCodes.Forbidden, Code(() => _lesson.Moderate("a", new ModerationCommand(ModerationAction.Mute, Boris.Id), Now)));
        Assert.Equal(ErrorCodes.NoTarget, Code(() => Do(ModerationAction.Mute, Teacher.Id)));
        Assert.Equal(ErrorCodes.NoTarget, Code(() => Do(ModerationAction.Mute, "s-nobody")));
        Assert.Equal(ErrorCodes.NoTarget, Code(() => Do(ModerationAction.Mute)));

        var events = Do(ModerationAction.Rename, Boris.Id, "Борис С.");
        var entry = Assert.IsType<Moderated>(events[^1]).Entry;
        Assert.Equal((Teacher.Id, Boris.Id, ModerationAction.Rename), (entry.ActorId, entry.TargetId, entry.Action));
        Assert.Equal("Борис → Борис С.", entry.Detail);
        Assert.Equal("Борис С.", P(Boris).DisplayName);
        Assert.Contains(events, e => e is ParticipantChanged { Participant.Id: var id } && id == Boris.Id);
    }

    [Fact]
    public void Hand_raising_is_rate_limited_and_the_teacher_sees_the_queue_in_order()
    {
        _lesson.SetHand("b", raised: true, Now);
        _time.Advance(TimeSpan.FromSeconds(1));
        _lesson.SetHand("a", raised: true, Now);
        Assert.Equal([Boris.Id, Anna.Id], _lesson.HandQueue.Select(p => p.Id));
        Do(ModerationAction.LowerHand, Boris.Id);
        Assert.Equal([Anna.Id], _lesson.HandQueue.Select(p => p.Id));

        // Three raises in 30 seconds are fine; a fourth is spam.
        _lesson.SetHand("a", raised: false, Now);
        _lesson.SetHand("a", raised: true, Now);
        _lesson.SetHand("a", raised: false, Now);
        _lesson.SetHand("a", raised: true, Now);
        _lesson.SetHand("a", raised: false, Now);
        Assert.Equal(ErrorCodes.HandRateLimited, Code(() => _lesson.SetHand("a", raised: true, Now)));
        Assert.Equal(ErrorCodes.Forbidden, Code(() => _lesson.SetHand("t", raised: true, Now)));
    }
}
