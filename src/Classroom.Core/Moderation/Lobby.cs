using Classroom.Core.Participants;

namespace Classroom.Core.Moderation;

/// <summary>Someone waiting for the teacher to let them in. <see cref="Returning"/>: they were in this lesson before.</summary>
public sealed record LobbyEntry(string ConnectionId, ParticipantIdentity Identity, DateTimeOffset Since, bool Returning);

public enum BanScope
{
    Lesson = 0,
    Cabinet = 1,
}

/// <summary>A personal code (or guest) refused for a lesson or for every lesson of a cabinet.</summary>
public sealed record Ban(Guid Id, string ParticipantId, string Name, BanScope Scope, string Reason, DateTimeOffset At);

/// <summary>Why a connection was taken out of the lesson. Numbers are part of the wire protocol.</summary>
public enum RemovalKind
{
    SentToLobby = 0,
    TimedOut = 1,
    Kicked = 2,
    Banned = 3,
    Rejected = 4,
    Flooding = 5,
}
