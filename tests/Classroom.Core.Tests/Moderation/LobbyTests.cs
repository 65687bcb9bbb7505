using Classroom.Core.Chat;
using Classroom.Core.Errors;
using Classroom.Core.Live;
using Classroom.Core.Moderation;
using Classroom.Core.Participants;
using Microsoft.Extensions.Time.Testing;

namespace Classroom.Core.Tests.Moderation;

public sealed class LobbyTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly LiveLesson _lesson = new(Guid.NewGuid(), Guid.NewGuid(), 0, new ChatOptions()) { MaxLobby = 2 };
    private static readonly ParticipantIdentity Teacher = ParticipantIdentity.ForStaff("u1", Role.Teacher, "Учитель");
    private static readonly ParticipantIdentity Anna = ParticipantIdentity.ForStudent(Guid.NewGuid(), "Анна");
    private static readonly ParticipantIdentity Boris = ParticipantIdentity.ForStudent(Guid.NewGuid(), "Борис");
    private static readonly ParticipantIdentity Vera = ParticipantIdentity.ForStudent(Guid.NewGuid(), "Вера");

    public LobbyTests() => _lesson.Admit(Teacher, "t", Now, false);

    private DateTimeOffset Now => _time.GetUtcNow();

    private IReadOnlyList<LessonEvent> Do(ModerationAction action, string? target = null, string? value = null) =>
        _lesson.Moderate("t", new ModerationCommand(action, target, value), Now);

    [Fact]
    public void The_lobby_applies_to_newcomers_only_and_never_to_staff()
    {
        Assert.False(_lesson.MustWaitInLobby(Anna, lessonStarted: true));
        Do(ModerationAction.LateToLobby, value: "true");
        Assert.False(_lesson.MustWaitInLobby(Anna, lessonStarted: false));
        Assert.True(_lesson.MustWaitInLobby(Anna, lessonStarted: true));
        _lesson.Admit(Anna, "a", Now, false);
        _lesson.Disconnect("a");
        Assert.False(_lesson.MustWaitInLobby(Anna, lessonStarted: true));
        Do(ModerationAction.Lock);
        Assert.True(_lesson.MustWaitInLobby(Boris, lessonStarted: false));
        Assert.False(_lesson.MustWaitInLobby(Anna, lessonStarted: false));
        Assert.False(_lesson.MustWaitInLobby(ParticipantIdentity.ForStaff("u2", Role.CoTeacher, "Методист"), lessonStarted: true));
    }

    [Fact]
    public void Released_people_leave_the_lobby_in_order_and_the_lobby_is_bounded()
    {
        _lesson.AddToLobby(Anna, "a", Now);
        _lesson.AddToLobby(Boris, "b", Now);
        Assert.Equal(ErrorCodes.LobbyFull, Assert.Throws<ClassroomException>(() => _lesson.AddToLobby(Vera, "v", Now)).Code);
        // The same person again (a new tab) takes their own place, not a new one.
        _lesson.AddToLobby(Anna, "a2", Now);
        Assert.Equal(["b", "a2"], _lesson.Lobby.Select(e => e.ConnectionId));

        var events = Do(ModerationAction.AdmitAll);
        Assert.Equal(["b", "a2"], events.OfType<LobbyReleased>().Select(r => r.ConnectionId));
        Assert.Empty(_lesson.Lobby);
        Assert.Equal("2", Assert.IsType<Moderated>(events[^1]).Entry.Detail);
    }

    [Fact]
    public void Bans_are_checked_first_and_a_lifted_ban_lets_the_code_back()
    {
        _lesson.Admit(Anna, "a", Now, false);
        Assert.Equal(ErrorCodes.InvalidValue, Assert.Throws<ClassroomException>(() => Do(ModerationAction.BanFromLesson, Anna.Id)).Code);
        var events = Do(ModerationAction.BanFromCabinet, Anna.Id, "оскорбления");
        var ban = Assert.Single(events.OfType<Banned>()).Ban;
        Assert.Equal(BanScope.Cabinet, ban.Scope);
        Assert.Contains(events, e => e is ParticipantRemoved { Kind: RemovalKind.Banned, ConnectionId: "a" });
        Assert.Null(_lesson.Find(Anna.Id));
        Assert.Equal(ErrorCodes.Banned, Assert.Throws<ClassroomException>(() => _lesson.EnsureMayEnter(Anna, Now)).Code);

        Do(ModerationAction.Unban, ban.Id.ToString());
        _lesson.EnsureMayEnter(Anna, Now);
        Assert.Equal(ErrorCodes.NoTarget, Assert.Throws<ClassroomException>(() => Do(ModerationAction.Unban, ban.Id.ToString())).Code);
        Assert.Equal(ErrorCodes.NoTarget, Assert.Throws<ClassroomException>(() => Do(ModerationAction.Kick, Teacher.Id)).Code);
    }

    [Fact]
    public void Ending_the_lesson_turns_the_lobby_away()
    {
        _lesson.AddToLobby(Anna, "a", Now);
        var ended = Assert.IsType<LessonEnded>(_lesson.End()[^1]);
        Assert.Contains("a", ended.RemovedConnectionIds);
        Assert.Empty(_lesson.Lobby);
    }
}
