using Classroom.Core.Attendance;
using Classroom.Core.Chat;
using Classroom.Core.Moderation;
using Classroom.Core.Participants;
using Microsoft.AspNetCore.Identity;

namespace Classroom.Server.Storage;

// Durable records. Kept as plain rows: the rules live in Classroom.Core.

/// <summary>A teacher's (or the admin's) account.</summary>
public sealed class TeacherAccount : IdentityUser
{
    public string DisplayName { get; set; } = string.Empty;
}

public sealed class CabinetRecord
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public string Subject { get; set; } = string.Empty;
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class ClassRecord
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public DateTimeOffset CreatedAt { get; set; }
    public List<StudentRecord> Students { get; set; } = [];

    /// <summary>
    /// The standing class link (<c>/k/{token}</c>): always leads to the class's current or next
    /// lesson. Null until first shown (classes made before it existed); a new token retires the old.
    /// </summary>
    public string? LinkToken { get; set; }
}

/// <summary>A roster student: a name and a personal join code, nothing more.</summary>
public sealed class StudentRecord
{
    public Guid Id { get; set; }
    public Guid ClassId { get; set; }
    public string Name { get; set; } = string.Empty;
    public string JoinCode { get; set; } = string.Empty;

    /// <summary>
    /// Soft-removed: the code stops working but is kept, so the teacher can undo the removal, and the
    /// row stays so attendance history keeps the name.
    /// </summary>
    public bool Removed { get; set; }

    /// <summary>When the student joined the roster (rows older than this column: the beginning of time).</summary>
    public DateTimeOffset AddedAt { get; set; }

    /// <summary>When the student was last removed; reports of later lessons leave them out.</summary>
    public DateTimeOffset? RemovedAt { get; set; }
}

public sealed class LessonRecord
{
    public Guid Id { get; set; }
    public Guid CabinetId { get; set; }
    public Guid ClassId { get; set; }
    public string Title { get; set; } = string.Empty;
    public DateTimeOffset StartsAt { get; set; }
    public int DurationMinutes { get; set; }
    public int EntryOpensMinutesBefore { get; set; }
    public int? EntryClosesMinutesAfterStart { get; set; }
    public DateTimeOffset? OpenedEarlyAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A per-lesson link for observers, co-teachers or a display screen.</summary>
public sealed class LessonLinkRecord
{
    public string Token { get; set; } = string.Empty;
    public Guid LessonId { get; set; }
    public Role Role { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>What staff see in the link list, and for a display link the name of its screen in the lesson.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Observers or screens this link lets in at once; null: the role's default (older links, co-teachers).</summary>
    public int? Cap { get; set; }
}

public sealed class ChatRecord
{
    public long Id { get; set; }
    public Guid LessonId { get; set; }
    public long Seq { get; set; }
    public string SenderId { get; set; } = string.Empty;
    public string SenderName { get; set; } = string.Empty;
    public Role SenderRole { get; set; }
    public ChatAudience Audience { get; set; }
    public string? TargetId { get; set; }
    public string Text { get; set; } = string.Empty;
    public DateTimeOffset SentAt { get; set; }

    /// <summary>Deleted by the teacher: hidden from history and replay (the moderation log keeps it).</summary>
    public bool Deleted { get; set; }
}

public sealed class AttendanceRecord
{
    public long Id { get; set; }
    public Guid LessonId { get; set; }
    public string ParticipantId { get; set; } = string.Empty;
    public Role Role { get; set; }
    public AttendanceKind Kind { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>One line of a lesson's moderation log; kept even when the acted-on message or person is gone.</summary>
public sealed class ModerationRecord
{
    public long Id { get; set; }
    public Guid LessonId { get; set; }
    public DateTimeOffset At { get; set; }
    public string ActorId { get; set; } = string.Empty;
    public string ActorName { get; set; } = string.Empty;
    public string? TargetId { get; set; }
    public string? TargetName { get; set; }
    public ModerationAction Action { get; set; }
    public string? Detail { get; set; }
}

/// <summary>A ban of a personal code (participant id) from one lesson or from every lesson of a cabinet.</summary>
public sealed class BanRecord
{
    public Guid Id { get; set; }
    public Guid CabinetId { get; set; }
    public Guid LessonId { get; set; }
    public BanScope Scope { get; set; }
    public string ParticipantId { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public string Reason { get; set; } = string.Empty;
    public DateTimeOffset At { get; set; }
    public DateTimeOffset? LiftedAt { get; set; }
}
