namespace Classroom.Core.Moderation;

/// <summary>What a teacher can do to one participant or to all students. Numbers are part of the wire protocol.</summary>
public enum ModerationAction
{
    Mute = 0,
    Unmute = 1,
    LockMic = 2,
    UnlockMic = 3,
    MuteAll = 4,
    GiveFloor = 5,
    AllowCamera = 6,
    ForbidCamera = 7,
    AllowCamerasAll = 8,
    ForbidCamerasAll = 9,
    GrantScreen = 10,
    RevokeScreen = 11,
    StopScreen = 12,
    DisableChat = 13,
    EnableChat = 14,
    DisableChatAll = 15,
    EnableChatAll = 16,
    SlowMode = 17,
    LowerHand = 18,
    LowerAllHands = 19,
    StudentsJoinMuted = 20,
    Rename = 21,
    AdmitFromLobby = 22,
    AdmitAll = 23,
    RejectFromLobby = 24,
    AdmitManually = 25,
    LateToLobby = 26,
    Lock = 27,
    Unlock = 28,
    SendToLobby = 29,
    Timeout = 30,
    Kick = 31,
    BanFromLesson = 32,
    BanFromCabinet = 33,
    Unban = 34,
    DeleteMessage = 35,
    PinMessage = 36,
}

/// <summary>One line of the moderation log: who did what to whom, and when.</summary>
public sealed record ModerationEntry(
    DateTimeOffset At,
    string ActorId,
    string ActorName,
    string? TargetId,
    string? TargetName,
    ModerationAction Action,
    string? Detail);

/// <summary>
/// A teacher's request: <see cref="TargetId"/> for one-person actions, <see cref="Value"/> for settings
/// (seconds, on/off, a name, a reason, a chat seq). <see cref="Note"/> is what the host looked up for
/// the log (the text of a deleted message).
/// </summary>
public sealed record ModerationCommand(ModerationAction Action, string? TargetId = null, string? Value = null, string? Note = null);
