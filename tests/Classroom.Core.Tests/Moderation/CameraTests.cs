using Classroom.Core.Chat;
using Classroom.Core.Errors;
using Classroom.Core.Live;
using Classroom.Core.Moderation;
using Classroom.Core.Participants;
using Microsoft.Extensions.Time.Testing;

namespace Classroom.Core.Tests.Moderation;

/// <summary>Everyone switches their own camera; the teacher's forbid wins, and nothing switches a camera on but its owner.</summary>
public sealed class CameraTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly LiveLesson _lesson = new(Guid.NewGuid(), Guid.NewGuid(), 0, new ChatOptions());
    private static readonly ParticipantIdentity Teacher = ParticipantIdentity.ForStaff("u1", Role.Teacher, "Учитель");
    private static readonly ParticipantIdentity Anna = ParticipantIdentity.ForStudent(Guid.NewGuid(), "Анна");
    private static readonly ParticipantIdentity Observer = ParticipantIdentity.ForGuest(Guid.NewGuid(), Role.Observer, "Методист");

    public CameraTests()
    {
        _lesson.Admit(Teacher, "t", Now, false);
        _lesson.Admit(Anna, "a", Now, false);
        _lesson.Admit(Observer, "o", Now, false);
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    private IReadOnlyList<LessonEvent> Do(ModerationAction action, string? target = null) =>
        _lesson.Moderate("t", new ModerationCommand(action, target, null), Now);

    private LiveParticipant P(ParticipantIdentity who) => _lesson.Find(who.Id)!;

    private static string Code(Action act) => Assert.Throws<ClassroomException>(act).Code;

    [Fact]
    public void Teachers_and_students_come_in_with_the_camera_on_and_switch_it_off_and_on_themselves()
    {
        Assert.True(P(Teacher).CameraOn);
        Assert.True(P(Anna).CameraOn);
        Assert.False(P(Observer).CameraOn);

        var off = _lesson.SetCamera("a", on: false);
        Assert.False(P(Anna).CameraOn);
        Assert.Equal(Anna.Id, Assert.IsType<ParticipantChanged>(Assert.Single(off)).Participant.Id);
        Assert.Empty(_lesson.SetCamera("a", on: false));

        _lesson.SetCamera("a", on: true);
        Assert.True(P(Anna).CameraOn);
        _lesson.SetCamera("t", on: false);
        Assert.False(P(Teacher).CameraOn);
        Assert.Equal(ErrorCodes.NotJoined, Code(() => _lesson.SetCamera("nobody", on: true)));
    }

    [Fact]
    public void A_forbidden_camera_is_switched_off_stays_off_when_allowed_again_and_cannot_be_switched_on_meanwhile()
    {
        Do(ModerationAction.ForbidCamera, Anna.Id);
        Assert.False(P(Anna).CameraOn);
        Assert.Equal(ErrorCodes.CameraForbidden, Code(() => _lesson.SetCamera("a", on: true)));
        Assert.False(P(Anna).Controls.CameraAllowed);
        Assert.Empty(_lesson.SetCamera("a", on: false));

        Do(ModerationAction.AllowCamera, Anna.Id);
        Assert.False(P(Anna).CameraOn);
        _lesson.SetCamera("a", on: true);
        Assert.True(P(Anna).CameraOn);

        Do(ModerationAction.ForbidCamerasAll);
        Assert.False(P(Anna).CameraOn);
        Assert.True(P(Teacher).CameraOn);
        Do(ModerationAction.AllowCamerasAll);
        Assert.False(P(Anna).CameraOn);
    }

    [Fact]
    public void Students_who_come_while_cameras_are_forbidden_come_with_the_camera_off_and_a_reconnect_keeps_the_choice()
    {
        _lesson.SetCamera("a", on: false);
        _lesson.Disconnect("a");
        _lesson.Admit(Anna, "a2", Now, returning: true);
        Assert.False(P(Anna).CameraOn);

        Do(ModerationAction.ForbidCamerasAll);
        var vera = ParticipantIdentity.ForStudent(Guid.NewGuid(), "Вера");
        _lesson.Admit(vera, "v", Now, false);
        Do(ModerationAction.AllowCamerasAll);
        Assert.False(P(vera).CameraOn);
        _lesson.SetCamera("v", on: true);
        Assert.True(P(vera).CameraOn);
    }

    [Fact]
    public void Observers_and_displays_never_switch_a_camera_on()
    {
        Assert.Equal(ErrorCodes.Forbidden, Code(() => _lesson.SetCamera("o", on: true)));
        Assert.Empty(_lesson.SetCamera("o", on: false));
        Assert.False(P(Observer).CameraOn);
    }
}
