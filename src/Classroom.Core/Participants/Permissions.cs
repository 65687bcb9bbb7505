namespace Classroom.Core.Participants;

/// <summary>
/// What a participant may do. One model for the hub and the media relay: role defaults here,
/// per-participant overrides (moderation) layered on top.
/// </summary>
[Flags]
public enum Permissions
{
    None = 0,
    ChatPublic = 1 << 0,
    ChatToStaff = 1 << 1,
    ChatToAnyone = 1 << 2,
    Moderate = 1 << 3,
    PublishAudio = 1 << 4,
    PublishVideo = 1 << 5,
    ShareScreen = 1 << 6,
    SeeParticipants = 1 << 7,
}

public static class RolePermissions
{
    public static Permissions For(Role role) => role switch
    {
        Role.Teacher or Role.CoTeacher => Permissions.ChatPublic | Permissions.ChatToAnyone | Permissions.Moderate
            | Permissions.PublishAudio | Permissions.PublishVideo | Permissions.ShareScreen | Permissions.SeeParticipants,
        Role.Student => Permissions.ChatPublic | Permissions.ChatToStaff | Permissions.PublishAudio
            | Permissions.PublishVideo | Permissions.SeeParticipants,
        // Observers watch an open lesson and may ask the teacher privately; they never speak into it.
        Role.Observer => Permissions.ChatToStaff | Permissions.SeeParticipants,
        // A display screen in a branch building only receives.
        Role.Display => Permissions.None,
        _ => Permissions.None,
    };
}
