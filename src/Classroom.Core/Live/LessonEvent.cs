using Classroom.Core.Chat;
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
