using Classroom.Core.Chat;
using Classroom.Core.Moderation;
using Classroom.Core.Participants;

namespace Classroom.Core.Live;

/// <summary>What happened in a live lesson; the host publishes these, Core never calls the network.</summary>
public abstract record LessonEvent(Guid LessonId);

public sealed record ParticipantJoined(Guid LessonId, LiveParticipant Participant, bool Returning) : LessonEvent(LessonId);

public sealed record ParticipantLeft(Guid LessonId, string ParticipantId, Role Role) : LessonEvent(LessonId);

/// <summary>A participant's previous connection was replaced by a new one (reopened tab, new device).</summary>
public sealed record ConnectionReplaced(Guid LessonId, string ParticipantId, Role Role, string OldConnectionId) : LessonEvent(LessonId);

public sealed record ChatPosted(Guid LessonId, ChatMessage Message) : LessonEvent(LessonId);

public sealed record LessonEnded(Guid LessonId, IReadOnlyList<string> RemovedConnectionIds) : LessonEvent(LessonId);

/// <summary>A participant's state or permissions changed (mute, camera, hand, screen, name).</summary>
public sealed record ParticipantChanged(Guid LessonId, LiveParticipant Participant) : LessonEvent(LessonId);

/// <summary>The lesson-wide rules for students changed.</summary>
public sealed record RulesChanged(Guid LessonId, LessonRules Rules) : LessonEvent(LessonId);

/// <summary>A teacher acted; the entry goes to the moderation log and to staff.</summary>
public sealed record Moderated(Guid LessonId, ModerationEntry Entry) : LessonEvent(LessonId);

/// <summary>A student raised a hand (recorded for the report).</summary>
public sealed record HandRaised(Guid LessonId, string ParticipantId, Role Role) : LessonEvent(LessonId);

/// <summary>The lobby changed (someone came, was let in, rejected or left); staff see the new list.</summary>
public sealed record LobbyChanged(Guid LessonId, IReadOnlyList<LobbyEntry> Lobby) : LessonEvent(LessonId);

/// <summary>The teacher let someone in from the lobby; the host admits them on their connection.</summary>
public sealed record LobbyReleased(Guid LessonId, string ConnectionId, ParticipantIdentity Identity) : LessonEvent(LessonId);

/// <summary>A connection was taken out of the lesson (to the lobby, or out).</summary>
public sealed record ParticipantRemoved(Guid LessonId, string ConnectionId, RemovalKind Kind, string? Reason, DateTimeOffset? Until) : LessonEvent(LessonId);

public sealed record Banned(Guid LessonId, Ban Ban) : LessonEvent(LessonId);

public sealed record Unbanned(Guid LessonId, Guid BanId) : LessonEvent(LessonId);

public sealed record BansChanged(Guid LessonId, IReadOnlyList<Ban> Bans) : LessonEvent(LessonId);

/// <summary>The teacher deleted a chat message: gone from screens, history and replay.</summary>
public sealed record ChatDeleted(Guid LessonId, long Seq) : LessonEvent(LessonId);

/// <summary>What one participant's page receives changed (their own choice, or the class default moved it).</summary>
public sealed record ReceptionChanged(Guid LessonId, string ParticipantId, string ConnectionId, Reception.ReceiveMode Own, Reception.ReceiveMode Effective, Reception.ReceiveMode ClassDefault) : LessonEvent(LessonId);

/// <summary>The teacher changed the class default of what students receive.</summary>
public sealed record ClassReceptionChanged(Guid LessonId, Reception.ReceiveMode Mode) : LessonEvent(LessonId);
