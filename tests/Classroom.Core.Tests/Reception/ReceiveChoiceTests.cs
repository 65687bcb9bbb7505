using Classroom.Core.Chat;
using Classroom.Core.Errors;
using Classroom.Core.Live;
using Classroom.Core.Participants;
using Classroom.Core.Reception;

namespace Classroom.Core.Tests.Reception;

/// <summary>Each participant's own receive choice, the teacher's class default, and how they join.</summary>
public sealed class ReceiveChoiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 14, 9, 0, 0, TimeSpan.Zero);
    private static readonly ParticipantIdentity Teacher = ParticipantIdentity.ForStaff("u1", Role.Teacher, "Учитель");
    private static readonly ParticipantIdentity Anna = ParticipantIdentity.ForStudent(Guid.NewGuid(), "Анна");
    private static readonly ParticipantIdentity Boris = ParticipantIdentity.ForStudent(Guid.NewGuid(), "Борис");
    private readonly LiveLesson _lesson = new(Guid.NewGuid(), Guid.NewGuid(), 0, new ChatOptions());

    public ReceiveChoiceTests()
    {
        _lesson.Admit(Teacher, "t", Now, false);
        _lesson.Admit(Anna, "a", Now, false);
        _lesson.Admit(Boris, "b", Now, false);
    }

    [Theory]
    [InlineData(ReceiveMode.Auto, ReceiveMode.Auto, Role.Student, ReceiveMode.Auto)]
    [InlineData(ReceiveMode.AudioOnly, ReceiveMode.Auto, Role.Student, ReceiveMode.AudioOnly)]
    [InlineData(ReceiveMode.Auto, ReceiveMode.Low, Role.Student, ReceiveMode.Low)]
    [InlineData(ReceiveMode.AudioOnly, ReceiveMode.Low, Role.Student, ReceiveMode.AudioOnly)]
    [InlineData(ReceiveMode.Low, ReceiveMode.AudioOnly, Role.Student, ReceiveMode.AudioOnly)]
    [InlineData(ReceiveMode.Auto, ReceiveMode.AudioOnly, Role.Teacher, ReceiveMode.Auto)]
    [InlineData(ReceiveMode.Low, ReceiveMode.AudioOnly, Role.CoTeacher, ReceiveMode.Low)]
    [InlineData(ReceiveMode.Auto, ReceiveMode.AudioOnly, Role.Display, ReceiveMode.Auto)]
    [InlineData(ReceiveMode.Auto, ReceiveMode.Low, Role.Observer, ReceiveMode.Auto)]
    public void The_class_default_is_a_ceiling_for_students_only(ReceiveMode own, ReceiveMode classDefault, Role role, ReceiveMode expected) =>
        Assert.Equal(expected, ReceiveChoices.Effective(own, classDefault, role));

    [Theory]
    [InlineData("auto", ReceiveMode.Auto)]
    [InlineData("low", ReceiveMode.Low)]
    [InlineData("audioOnly", ReceiveMode.AudioOnly)]
    public void Wire_names_round_trip(string name, ReceiveMode mode)
    {
        Assert.Equal(mode, ReceiveChoices.Parse(name));
        Assert.Equal(name, ReceiveChoices.NameOf(mode));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("AUTO")]
    [InlineData("high")]
    [InlineData("2")]
    public void Unknown_names_are_refused_with_a_stable_code(string? name) =>
        Assert.Equal(ErrorCodes.ReceiveModeUnknown, Assert.Throws<ClassroomException>(() => ReceiveChoices.Parse(name)).Code);

    [Fact]
    public void A_student_chooses_audio_only_for_themselves_and_nobody_else_changes()
    {
        var events = _lesson.SetReceiveMode("a", ReceiveMode.AudioOnly, Now);

        var changed = Assert.IsType<ReceptionChanged>(Assert.Single(events));
        Assert.Equal((Anna.Id, "a", ReceiveMode.AudioOnly, ReceiveMode.AudioOnly), (changed.ParticipantId, changed.ConnectionId, changed.Own, changed.Effective));
        Assert.Equal(ReceiveMode.Auto, _lesson.EffectiveReceiveMode(_lesson.Find(Boris.Id)!));
        Assert.Empty(_lesson.SetReceiveMode("a", ReceiveMode.AudioOnly, Now));
    }

    [Fact]
    public void The_class_default_moves_the_students_above_it_and_tells_only_them()
    {
        _lesson.SetReceiveMode("a", ReceiveMode.AudioOnly, Now);

        var events = _lesson.SetClassReceiveMode("t", ReceiveMode.Low, Now);

        Assert.Equal(ReceiveMode.Low, Assert.IsType<ClassReceptionChanged>(events[0]).Mode);
        var moved = Assert.Single(events.OfType<ReceptionChanged>());
        Assert.Equal((Boris.Id, ReceiveMode.Auto, ReceiveMode.Low), (moved.ParticipantId, moved.Own, moved.Effective));
        Assert.Equal(ReceiveMode.Auto, _lesson.EffectiveReceiveMode(_lesson.Find(Teacher.Id)!));

        // Boris asks for more than the class allows: his choice is kept, the ceiling holds.
        _lesson.SetReceiveMode("b", ReceiveMode.AudioOnly, Now);
        var asked = Assert.IsType<ReceptionChanged>(Assert.Single(_lesson.SetReceiveMode("b", ReceiveMode.Auto, Now)));
        Assert.Equal(ReceiveMode.Low, asked.Effective);

        // Lifting the ceiling gives Boris "auto" back, Anna stays on her own audio only.
        var lifted = _lesson.SetClassReceiveMode("t", ReceiveMode.Auto, Now);
        Assert.Equal(ReceiveMode.Auto, Assert.Single(lifted.OfType<ReceptionChanged>(), e => e.ParticipantId == Boris.Id).Effective);
        Assert.DoesNotContain(lifted.OfType<ReceptionChanged>(), e => e.ParticipantId == Anna.Id);
    }

    [Fact]
    public void A_student_cannot_set_the_class_default_and_nothing_changes()
    {
        var refused = Assert.Throws<ClassroomException>(() => _lesson.SetClassReceiveMode("a", ReceiveMode.AudioOnly, Now));

        Assert.Equal(ErrorCodes.Forbidden, refused.Code);
        Assert.Equal(ReceiveMode.Auto, _lesson.ClassReceiveMode);
    }

    [Fact]
    public void Undefined_values_and_strangers_are_refused()
    {
        Assert.Equal(ErrorCodes.ReceiveModeUnknown, Assert.Throws<ClassroomException>(() => _lesson.SetReceiveMode("a", (ReceiveMode)7, Now)).Code);
        Assert.Equal(ErrorCodes.ReceiveModeUnknown, Assert.Throws<ClassroomException>(() => _lesson.SetClassReceiveMode("t", (ReceiveMode)(-1), Now)).Code);
        Assert.Equal(ErrorCodes.NotJoined, Assert.Throws<ClassroomException>(() => _lesson.SetReceiveMode("nobody", ReceiveMode.Low, Now)).Code);
        Assert.Equal(ReceiveMode.Auto, _lesson.OwnReceiveMode(Anna.Id));
    }

    [Fact]
    public void Flipping_the_choice_in_a_loop_is_rate_limited_and_the_window_frees_it_again()
    {
        for (var i = 0; i < LiveLesson.ReceptionChangesPerWindow; i++)
            _lesson.SetReceiveMode("a", i % 2 == 0 ? ReceiveMode.AudioOnly : ReceiveMode.Auto, Now);
        var before = _lesson.OwnReceiveMode(Anna.Id);

        var refused = Assert.Throws<ClassroomException>(() => _lesson.SetReceiveMode("a", before == ReceiveMode.Low ? ReceiveMode.Auto : ReceiveMode.Low, Now));

        Assert.Equal(ErrorCodes.ReceiveRateLimited, refused.Code);
        Assert.Equal(before, _lesson.OwnReceiveMode(Anna.Id));
        Assert.Single(_lesson.SetReceiveMode("a", ReceiveMode.Low, Now + LiveLesson.ReceptionWindow));
    }

    [Fact]
    public void A_choice_survives_a_reconnect_within_the_lesson()
    {
        _lesson.SetReceiveMode("a", ReceiveMode.AudioOnly, Now);
        _lesson.Disconnect("a");
        _lesson.Admit(Anna, "a2", Now, true);

        Assert.Equal(ReceiveMode.AudioOnly, _lesson.EffectiveReceiveMode(_lesson.Find(Anna.Id)!));
        Assert.Equal("a2", _lesson.ReceptionOf(_lesson.Find(Anna.Id)!).ConnectionId);
    }
}
