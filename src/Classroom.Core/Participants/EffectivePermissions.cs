using Classroom.Core.Moderation;

namespace Classroom.Core.Participants;

/// <summary>
/// The one permission model: role defaults, narrowed by the lesson's rules for students and by the
/// teacher's overrides for one participant. The hub checks it on every call; the media relay asks the
/// same question per packet through <see cref="IMediaPolicy"/>. Staff are never narrowed.
/// </summary>
public static class EffectivePermissions
{
    public static Permissions Of(Role role, LessonRules rules, ParticipantControls controls)
    {
        var permissions = RolePermissions.For(role);
        if (role.IsStaff()) return permissions;
        if (controls.MicLocked) permissions &= ~Permissions.PublishAudio;
        if (!(controls.CameraAllowed ?? rules.StudentCamerasAllowed)) permissions &= ~Permissions.PublishVideo;
        if (!(controls.ChatAllowed ?? rules.StudentChatAllowed)) permissions &= ~(Permissions.ChatPublic | Permissions.ChatToStaff | Permissions.ChatToAnyone);
        if (controls.ScreenShareGranted && role == Role.Student) permissions |= Permissions.ShareScreen;
        else permissions &= ~Permissions.ShareScreen;
        return permissions;
    }
}

public enum MediaKind
{
    Audio = 0,
    Video = 1,
    Screen = 2,
}

/// <summary>
/// What the media relay may forward from a participant, answered from the same model. Implementations
/// must be cheap (a cached lookup): the relay asks per packet.
/// </summary>
public interface IMediaPolicy
{
    bool MayForward(Guid lessonId, string participantId, MediaKind kind);
}
