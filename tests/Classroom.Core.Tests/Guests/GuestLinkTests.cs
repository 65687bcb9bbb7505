using Classroom.Core.Chat;
using Classroom.Core.Errors;
using Classroom.Core.Guests;
using Classroom.Core.Live;
using Classroom.Core.Moderation;
using Classroom.Core.Participants;

namespace Classroom.Core.Tests.Guests;

public sealed class GuestLinkTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private readonly LiveLesson _lesson = new(Guid.NewGuid(), Guid.NewGuid(), 0, new ChatOptions()) { MaxLobby = 1, MaxGuestLobby = 2 };

    private static ParticipantIdentity Guest(string link, int cap, Role role = Role.Observer) =>
        ParticipantIdentity.ForGuest(Guid.NewGuid(), role, "Гость", new GuestPass(link, cap));

    [Fact]
    public void A_link_admits_at_most_its_cap_counting_present_lobby_and_waiting_guests()
    {
        var a = Guest("L1", 3);
        var b = Guest("L1", 3);
        var c = Guest("L1", 3);
        _lesson.EnsureMayEnter(a, Now);
        _lesson.Admit(a, "a", Now, false);
        _lesson.EnsureMayEnter(b, Now);
        _lesson.AddToLobby(b, "b", Now);
        _lesson.EnsureMayEnter(c, Now);
        _lesson.AddWaiting(c, "c");
        Assert.Equal(3, _lesson.GuestsOf("L1"));
        Assert.Equal(ErrorCodes.LinkFull, Assert.Throws<ClassroomException>(() => _lesson.EnsureMayEnter(Guest("L1", 3), Now)).Code);
        // Another link has room of its own; someone already counted may come again (a new tab).
        _lesson.EnsureMayEnter(Guest("L2", 1), Now);
        _lesson.EnsureMayEnter(c, Now);

        _lesson.Disconnect("a");
        _lesson.EnsureMayEnter(Guest("L1", 3), Now);
    }

    [Fact]
    public void Guests_and_students_wait_in_separate_lobby_spaces()
    {
        _lesson.AddToLobby(Guest("L1", 10), "g1", Now);
        _lesson.AddToLobby(Guest("L1", 10), "g2", Now);
        Assert.Equal(ErrorCodes.LobbyFull, Assert.Throws<ClassroomException>(() => _lesson.AddToLobby(Guest("L1", 10), "g3", Now)).Code);
        var anna = ParticipantIdentity.ForStudent(Guid.NewGuid(), "Анна");
        _lesson.AddToLobby(anna, "a", Now);
        Assert.Equal(ErrorCodes.LobbyFull, Assert.Throws<ClassroomException>(() => _lesson.AddToLobby(ParticipantIdentity.ForStudent(Guid.NewGuid(), "Борис"), "b", Now)).Code);
        Assert.Equal(3, _lesson.Lobby.Count);
    }

    [Fact]
    public void Revoking_a_link_takes_its_guests_out_everywhere_and_refuses_it_from_then_on()
    {
        var present = Guest("L1", 5);
        var waiting = Guest("L1", 5);
        var other = Guest("L2", 5);
        _lesson.Admit(present, "p", Now, false);
        _lesson.AddToLobby(waiting, "w", Now);
        _lesson.Admit(other, "o", Now, false);

        var events = _lesson.RevokeLink("L1");

        Assert.Equal(["p", "w"], events.OfType<ParticipantRemoved>().Select(r => r.ConnectionId).Order());
        Assert.All(events.OfType<ParticipantRemoved>(), r => Assert.Equal(RemovalKind.Rejected, r.Kind));
        Assert.NotNull(_lesson.Find(other.Id));
        Assert.Equal(0, _lesson.GuestsOf("L1"));
        Assert.Equal(ErrorCodes.UnknownCode, Assert.Throws<ClassroomException>(() => _lesson.EnsureMayEnter(Guest("L1", 5), Now)).Code);
        Assert.Empty(_lesson.RevokeLink("L3"));
    }

    [Theory]
    [InlineData(Role.Observer, null, GuestLinks.DefaultObserverCap)]
    [InlineData(Role.Observer, 120, 120)]
    [InlineData(Role.Display, null, GuestLinks.DefaultDisplayCap)]
    [InlineData(Role.Display, 1, 1)]
    public void Caps_default_by_role_and_stay_in_bounds(Role role, int? requested, int expected)
    {
        Assert.Equal(expected, GuestLinks.CapFor(role, requested));
        Assert.Equal(ErrorCodes.LinkInvalidCap, Assert.Throws<ClassroomException>(() => GuestLinks.CapFor(role, 0)).Code);
        Assert.Equal(ErrorCodes.LinkInvalidCap, Assert.Throws<ClassroomException>(() => GuestLinks.CapFor(role, 10_000)).Code);
    }

    [Fact]
    public void A_screen_is_called_by_its_link_or_branch_screen()
    {
        Assert.Equal("Экран филиала", GuestLinks.NameFor(Role.Display, "  "));
        Assert.Equal("Экран филиала", GuestLinks.ScreenName(""));
        Assert.Equal("Актовый зал", GuestLinks.NameFor(Role.Display, " Актовый   зал "));
        Assert.Equal(string.Empty, GuestLinks.NameFor(Role.Observer, null));
    }
}
