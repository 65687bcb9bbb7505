using MessagePack;

namespace Classroom.Contracts;

// The wire contract of /hubs/classroom, shared by the server, the tests and the bench.
// Keys are camelCase so JSON and MessagePack clients read the same names. Enums travel as numbers
// (see docs/protocol.md). Times are UTC.

/// <summary>
/// Asks to enter a lesson: with <see cref="Code"/> (a student's personal code or a per-lesson link
/// token), or as logged-in staff with <see cref="LessonId"/>. <see cref="LastSeq"/> is the last chat
/// sequence number a rejoining client already has; the snapshot then carries only newer messages.
/// </summary>
[MessagePackObject]
public sealed record JoinRequest(
    [property: Key("code")] string? Code,
    [property: Key("lessonId")] Guid? LessonId = null,
    [property: Key("lastSeq")] long? LastSeq = null,
    [property: Key("displayName")] string? DisplayName = null);

public enum JoinStatus
{
    Admitted = 0,
    /// <summary>Before the entry window: the server lets them in when it opens.</summary>
    Waiting = 1,
    /// <summary>In the lobby: the teacher decides.</summary>
    Lobby = 2,
}

[MessagePackObject]
public sealed record JoinResult(
    [property: Key("status")] JoinStatus Status,
    [property: Key("lessonId")] Guid LessonId,
    [property: Key("serverNow")] DateTime ServerNow,
    [property: Key("opensAt")] DateTime? OpensAt,
    [property: Key("waiting")] WaitingInfo? Waiting,
    [property: Key("snapshot")] LessonSnapshot? Snapshot);

/// <summary>
/// What a waiting screen shows before the entry window opens. <see cref="Title"/> is the lesson's
/// topic (empty when the teacher gave none); <see cref="SchoolName"/> the server's
/// <c>Classroom:SchoolName</c> (empty when not set).
/// </summary>
[MessagePackObject]
public sealed record WaitingInfo(
    [property: Key("cabinetName")] string CabinetName,
    [property: Key("subject")] string Subject,
    [property: Key("className")] string ClassName,
    [property: Key("startsAt")] DateTime StartsAt,
    [property: Key("yourName")] string YourName,
    [property: Key("title")] string? Title = null,
    [property: Key("schoolName")] string? SchoolName = null);

/// <summary>
/// A participant as others see them: their microphone state and lock, whether they may use a camera,
/// their raised hand (time raised, for the teacher's queue), whether they share a screen, their
/// effective permissions, and whether their camera is on (switched on by them and allowed).
/// </summary>
[MessagePackObject]
public sealed record ParticipantView(
    [property: Key("id")] string Id,
    [property: Key("name")] string Name,
    [property: Key("role")] int Role,
    [property: Key("micOn")] bool MicOn = false,
    [property: Key("micLocked")] bool MicLocked = false,
    [property: Key("handRaisedAt")] DateTime? HandRaisedAt = null,
    [property: Key("sharing")] bool Sharing = false,
    [property: Key("permissions")] int Permissions = 0,
    [property: Key("cameraOn")] bool CameraOn = false);

/// <summary>The lesson-wide moderation settings.</summary>
[MessagePackObject]
public sealed record LessonRulesView(
    [property: Key("studentsJoinMuted")] bool StudentsJoinMuted,
    [property: Key("studentMicsLocked")] bool StudentMicsLocked,
    [property: Key("studentCamerasAllowed")] bool StudentCamerasAllowed,
    [property: Key("studentChatAllowed")] bool StudentChatAllowed,
    [property: Key("slowModeSeconds")] int SlowModeSeconds,
    [property: Key("screenSharerId")] string? ScreenSharerId,
    [property: Key("floorHolderId")] string? FloorHolderId,
    [property: Key("pinnedSeq")] long? PinnedSeq = null,
    [property: Key("admitManually")] bool AdmitManually = false,
    [property: Key("lateToLobby")] bool LateToLobby = false,
    [property: Key("locked")] bool Locked = false);

/// <summary>Someone waiting in the lobby, as staff see them.</summary>
[MessagePackObject]
public sealed record LobbyEntryView(
    [property: Key("id")] string Id,
    [property: Key("name")] string Name,
    [property: Key("role")] int Role,
    [property: Key("since")] DateTime Since,
    [property: Key("returning")] bool Returning);

/// <summary>A ban, as staff see it in the ban list.</summary>
[MessagePackObject]
public sealed record BanView(
    [property: Key("id")] Guid Id,
    [property: Key("participantId")] string ParticipantId,
    [property: Key("name")] string Name,
    [property: Key("scope")] int Scope,
    [property: Key("reason")] string Reason,
    [property: Key("at")] DateTime At);

/// <summary>
/// Why this connection was taken out of the lesson. <see cref="Kind"/>: 0 sent to the lobby (stays
/// connected and waits), 1 timed out until <see cref="Until"/>, 2 kicked, 3 banned, 4 rejected from
/// the lobby, 5 disconnected for flooding.
/// </summary>
[MessagePackObject]
public sealed record RemovalView(
    [property: Key("kind")] int Kind,
    [property: Key("reason")] string? Reason,
    [property: Key("until")] DateTime? Until);

/// <summary>A teacher's moderation request; <see cref="Action"/> numbers are in docs/protocol.md.</summary>
[MessagePackObject]
public sealed record ModerateRequest(
    [property: Key("action")] int Action,
    [property: Key("targetId")] string? TargetId = null,
    [property: Key("value")] string? Value = null);

[MessagePackObject]
public sealed record ModerationEntryView(
    [property: Key("at")] DateTime At,
    [property: Key("actorName")] string ActorName,
    [property: Key("targetId")] string? TargetId,
    [property: Key("targetName")] string? TargetName,
    [property: Key("action")] int Action,
    [property: Key("detail")] string? Detail);

[MessagePackObject]
public sealed record ChatMessageView(
    [property: Key("seq")] long Seq,
    [property: Key("senderId")] string SenderId,
    [property: Key("senderName")] string SenderName,
    [property: Key("senderRole")] int SenderRole,
    [property: Key("audience")] int Audience,
    [property: Key("targetId")] string? TargetId,
    [property: Key("text")] string Text,
    [property: Key("sentAt")] DateTime SentAt);

/// <summary>
/// Everything a participant needs on entering. <see cref="Title"/> (the lesson's topic) and
/// <see cref="SchoolName"/> (<c>Classroom:SchoolName</c>) are empty when not set; displays show them.
/// </summary>
[MessagePackObject]
public sealed record LessonSnapshot(
    [property: Key("lessonId")] Guid LessonId,
    [property: Key("cabinetName")] string CabinetName,
    [property: Key("subject")] string Subject,
    [property: Key("className")] string ClassName,
    [property: Key("phase")] int Phase,
    [property: Key("startsAt")] DateTime StartsAt,
    [property: Key("endsAt")] DateTime EndsAt,
    [property: Key("serverNow")] DateTime ServerNow,
    [property: Key("you")] ParticipantView You,
    [property: Key("permissions")] int Permissions,
    [property: Key("participants")] IReadOnlyList<ParticipantView> Participants,
    [property: Key("chat")] IReadOnlyList<ChatMessageView> Chat,
    [property: Key("lastSeq")] long LastSeq,
    [property: Key("rules")] LessonRulesView? Rules = null,
    [property: Key("moderationLog")] IReadOnlyList<ModerationEntryView>? ModerationLog = null,
    [property: Key("lobby")] IReadOnlyList<LobbyEntryView>? Lobby = null,
    [property: Key("bans")] IReadOnlyList<BanView>? Bans = null,
    [property: Key("deletedSeqs")] IReadOnlyList<long>? DeletedSeqs = null,
    [property: Key("title")] string? Title = null,
    [property: Key("schoolName")] string? SchoolName = null,
    [property: Key("reception")] ReceptionView? Reception = null);

/// <summary>A chat message; <see cref="ToParticipantId"/> null means the whole cabinet.</summary>
[MessagePackObject]
public sealed record SendChatRequest(
    [property: Key("text")] string Text,
    [property: Key("toParticipantId")] string? ToParticipantId = null);

[MessagePackObject]
public sealed record LessonPhaseView(
    [property: Key("lessonId")] Guid LessonId,
    [property: Key("phase")] int Phase,
    [property: Key("serverNow")] DateTime ServerNow);

/// <summary>
/// A browser's SDP offer to publish its microphone, camera or screen through the relay. The first
/// offer creates the caller's publishing transport; later offers with the same ICE credentials
/// renegotiate it (a track added or removed), new credentials restart ICE.
/// </summary>
[MessagePackObject]
public sealed record MediaOfferRequest(
    [property: Key("sdp")] string Sdp,
    [property: Key("tracks")] IReadOnlyList<MediaTrackLabel>? Tracks = null);

/// <summary>What an offered m-section carries: <see cref="MediaSources"/> (audio defaults to microphone, video to camera).</summary>
[MessagePackObject]
public sealed record MediaTrackLabel(
    [property: Key("mid")] string Mid,
    [property: Key("source")] string Source);

/// <summary>Wire names of track sources; the screen gets its own so the UI can place it biggest.</summary>
public static class MediaSources
{
    public const string Microphone = "microphone";
    public const string Camera = "camera";
    public const string Screen = "screen";
}

/// <summary>The relay's SDP answer (ICE-lite, passive DTLS, one bundled transport).</summary>
[MessagePackObject]
public sealed record MediaAnswer([property: Key("sdp")] string Sdp);

/// <summary>A track someone publishes in this lesson.</summary>
[MessagePackObject]
public sealed record MediaTrackView(
    [property: Key("trackId")] string TrackId,
    [property: Key("participantId")] string ParticipantId,
    [property: Key("source")] string Source);

/// <summary>Asks the relay for an offer of everything the caller may receive (again, to renegotiate).</summary>
[MessagePackObject]
public sealed record SubscribeMediaRequest([property: Key("iceRestart")] bool IceRestart = false);

/// <summary>
/// The relay's offer for the caller's receiving transport, or a null <see cref="Sdp"/> when there is
/// nothing to receive yet. <see cref="Mids"/> says which track each m-section carries, so the page
/// places it (inactive sections are absent).
/// </summary>
[MessagePackObject]
public sealed record MediaSubscription(
    [property: Key("sdp")] string? Sdp,
    [property: Key("version")] int Version,
    [property: Key("mids")] IReadOnlyList<MediaSectionView> Mids);

/// <summary>One m-section of a subscription and the track it carries.</summary>
[MessagePackObject]
public sealed record MediaSectionView(
    [property: Key("mid")] string Mid,
    [property: Key("trackId")] string TrackId,
    [property: Key("participantId")] string ParticipantId,
    [property: Key("source")] string Source);

/// <summary>The browser's answer to <see cref="MediaSubscription"/> of the same version.</summary>
[MessagePackObject]
public sealed record MediaAnswerRequest(
    [property: Key("version")] int Version,
    [property: Key("sdp")] string Sdp);

/// <summary>
/// One entry of the page's RTCPeerConnection <c>iceServers</c> (README "Networks that block UDP"):
/// STUN URLs without credentials, or TURN URLs with a time-limited username and password
/// (draft-uberti-behave-turn-rest).
/// </summary>
[MessagePackObject]
public sealed record IceServerView(
    [property: Key("urls")] IReadOnlyList<string> Urls,
    [property: Key("username")] string? Username = null,
    [property: Key("credential")] string? Credential = null);
