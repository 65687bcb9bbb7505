using Classroom.Core.Moderation;

namespace Classroom.Core.Participants;

/// <summary>
/// The one permission model: role defaults, narrowed by the lesson's rules for students and by the
/// teacher's overrides for one participant. The hub checks it on every call; the media relay reads
/// what follows from it as a grant snapshot the host pushes (Server/Moderation/MediaPolicy.cs). Staff
/// are never narrowed.
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
