using Classroom.Core.Chat;
using Classroom.Core.Errors;
using Classroom.Core.Live;
using Classroom.Core.Participants;
using Microsoft.Extensions.Time.Testing;

namespace Classroom.Core.Tests.Live;

public sealed class LiveLessonTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly LiveLesson _lesson = new(Guid.NewGuid(), Guid.NewGuid(), lastChatSeq: 7, new ChatOptions());
    private static readonly ParticipantIdentity Teacher = ParticipantIdentity.ForStaff("u1", Role.Teacher, "Мария Ивановна");
    private static readonly ParticipantIdentity Anna = ParticipantIdentity.ForStudent(Guid.NewGuid(), "Анна Петрова");
    private static readonly ParticipantIdentity Boris = ParticipantIdentity.ForStudent(Guid.NewGuid(), "Борис Сидоров");

    private DateTimeOffset Now => _time.GetUtcNow();

    [Fact]
    public void A_rejoin_with_the_same_identity_replaces_the_connection_and_never_duplicates()
    {
        Assert.IsType<ParticipantJoined>(Assert.Single(_lesson.Admit(Anna, "c1", Now, false)));
        var replaced = Assert.IsType<ConnectionReplaced>(Assert.Single(_lesson.Admit(Anna, "c2", Now, true)));
        Assert.Equal("c1", replaced.OldConnectionId);
        Assert.Single(_lesson.Present);
        Assert.Equal("c2", _lesson.Find(Anna.Id)!.ConnectionId);
        // The old connection closing later does not take the student out.
        Assert.Empty(_lesson.Disconnect("c1"));
        Assert.Single(_lesson.Present);
        Assert.IsType<ParticipantLeft>(Assert.Single(_lesson.Disconnect("c2")));
        Assert.Empty(_lesson.Present);
    }

    [Fact]
    public void One_connection_cannot_be_two_people()
    {
        _lesson.Admit(Anna, "c1", Now, false);
        Assert.Empty(_lesson.Admit(Anna, "c1", Now, false));
        var ex = Assert.Throws<ClassroomException>(() => _lesson.Admit(Boris, "c1", Now, false));
        Assert.Equal(ErrorCodes.AlreadyJoined, ex.Code);
        Assert.Single(_lesson.Present);
    }

    [Fact]
    public void Chat_sequence_continues_from_the_stored_one_and_is_gapless()
    {
        _lesson.Admit(Teacher, "t", Now, false);
        _lesson.Admit(Anna, "a", Now, false);
        var seqs = new[]
        {
            _lesson.PostChat("t", "Здравствуйте!", null, Now).Message.Seq,
            _lesson.PostChat("a", "Здравствуйте", null, Now).Message.Seq,
            _lesson.PostChat("a", "Можно вопрос?", Teacher.Id, Now).Message.Seq,
        };
        Assert.Equal([8L, 9L, 10L], seqs);
    }

    [Fact]
    public void Students_write_privately_only_to_staff_and_private_messages_are_seen_by_their_parties()
    {
        _lesson.Admit(Teacher, "t", Now, false);
        _lesson.Admit(Anna, "a", Now, false);
        _lesson.Admit(Boris, "b", Now, false);
        var ex = Assert.Throws<ClassroomException>(() => _lesson.PostChat("a", "psst", Boris.Id, Now));
        Assert.Equal(ErrorCodes.ChatTargetNotAllowed, ex.Code);
        Assert.Equal(7, _lesson.LastChatSeq);

        var question = _lesson.PostChat("a", "Я не понял задачу", Teacher.Id, Now).Message;
        Assert.Equal(ChatAudience.Staff, question.Audience);
        Assert.True(question.IsVisibleTo(Anna.Id, Role.Student));
        Assert.True(question.IsVisibleTo(Teacher.Id, Role.Teacher));
        Assert.False(question.IsVisibleTo(Boris.Id, Role.Student));

        var reply = _lesson.PostChat("t", "Посмотри пример 2", Anna.Id, Now).Message;
        Assert.Equal(ChatAudience.Participant, reply.Audience);
        Assert.True(reply.IsVisibleTo(Anna.Id, Role.Student));
        Assert.True(reply.IsVisibleTo("t-other", Role.CoTeacher));
        Assert.False(reply.IsVisibleTo(Boris.Id, Role.Student));
    }

    [Fact]
    public void Over_limit_chat_is_refused_without_consuming_a_sequence_number()
    {
        _lesson.Admit(Anna, "a", Now, false);
        Assert.Equal(ErrorCodes.ChatTooLong, Assert.Throws<ClassroomException>(() => _lesson.PostChat("a", new string('я', 1001), null, Now)).Code);
        Assert.Equal(ErrorCodes.ChatEmpty, Assert.Throws<ClassroomException>(() => _lesson.PostChat("a", "  \n ", null, Now)).Code);
        for (var i = 0; i < 5; i++) _lesson.PostChat("a", $"m{i}", null, Now);
        Assert.Equal(ErrorCodes.ChatRateLimited, Assert.Throws<ClassroomException>(() => _lesson.PostChat("a", "again", null, Now)).Code);
        Assert.Equal(12, _lesson.LastChatSeq);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(13, _lesson.PostChat("a", "after the window", null, Now).Message.Seq);
    }

    [Fact]
    public void Control_characters_are_neutralized_in_chat_text()
    {
        _lesson.Admit(Anna, "a", Now, false);
        var text = _lesson.PostChat("a", "a\u0007b\r\nc", null, Now).Message.Text;
        Assert.Equal("a b \nc", text);
    }

    [Fact]
    public void Invisible_and_bidi_override_characters_are_dropped_but_emoji_joiners_stay()
    {
        _lesson.Admit(Anna, "a", Now, false);
        Assert.Equal("abc", _lesson.PostChat("a", "a\u202Eb\u200Bc\u2066", null, Now).Message.Text);
        Assert.Equal("👩\u200D🏫", _lesson.PostChat("a", "👩\u200D🏫", null, Now).Message.Text);
        Assert.Equal(ErrorCodes.ChatEmpty, Assert.Throws<ClassroomException>(() => _lesson.PostChat("a", "\u200B\u202E", null, Now)).Code);
    }

    [Fact]
    public void Waiting_people_are_taken_once_and_a_second_tab_keeps_only_the_newest()
    {
        _lesson.AddWaiting(Anna, "a1");
        _lesson.AddWaiting(Anna, "a2");
        _lesson.AddWaiting(Boris, "b1");
        _lesson.Disconnect("b1");
        var waiting = _lesson.TakeWaiting();
        Assert.Equal(("a2", Anna), Assert.Single(waiting));
        Assert.Empty(_lesson.TakeWaiting());
    }

    [Fact]
    public void Ending_removes_everyone_but_staff_and_refuses_later_entry()
    {
        _lesson.Admit(Teacher, "t", Now, false);
        _lesson.Admit(Anna, "a", Now, false);
        _lesson.AddWaiting(Boris, "b");
        var events = _lesson.End();
        var ended = Assert.IsType<LessonEnded>(events[^1]);
        Assert.Equal(["b", "a"], ended.RemovedConnectionIds);
        Assert.Contains(events, e => e is ParticipantLeft { ParticipantId: var id } && id == Anna.Id);
        Assert.Equal([Teacher.Id], _lesson.Present.Select(p => p.Id));
        Assert.Equal(ErrorCodes.LessonEnded, Assert.Throws<ClassroomException>(() => _lesson.Admit(Boris, "b2", Now, false)).Code);
        Assert.Empty(_lesson.End());
    }
}
