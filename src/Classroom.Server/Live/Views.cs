using Classroom.Contracts;
using Classroom.Core.Chat;
using Classroom.Core.Live;
using Classroom.Core.Moderation;
using Classroom.Server.Storage;

namespace Classroom.Server.Live;

/// <summary>Maps Core and storage types to the wire contract.</summary>
internal static class Views
{
    public static ParticipantView Of(LiveParticipant p, LessonRules rules) => new(
        p.Id, p.DisplayName, (int)p.Role, p.Speaking, p.Controls.MicLocked, p.Controls.HandRaisedAt?.UtcDateTime,
        rules.ScreenSharerId == p.Id, (int)p.Permissions, p.CameraOn);

    public static LessonRulesView Of(LessonRules r) => new(
        r.StudentsJoinMuted, r.StudentMicsLocked, r.StudentCamerasAllowed, r.StudentChatAllowed,
        (int)r.SlowMode.TotalSeconds, r.ScreenSharerId, r.FloorHolderId, r.PinnedSeq, r.AdmitManually, r.LateToLobby, r.Locked);

    public static ModerationEntryView Of(ModerationEntry e) =>
        new(e.At.UtcDateTime, e.ActorName, e.TargetId, e.TargetName, (int)e.Action, e.Detail);

    public static ModerationEntryView Of(ModerationRecord e) =>
        new(e.At.UtcDateTime, e.ActorName, e.TargetId, e.TargetName, (int)e.Action, e.Detail);

    public static LobbyEntryView Of(LobbyEntry e) => new(e.Identity.Id, e.Identity.DisplayName, (int)e.Identity.Role, e.Since.UtcDateTime, e.Returning);

    public static BanView Of(Ban b) => new(b.Id, b.ParticipantId, b.Name, (int)b.Scope, b.Reason, b.At.UtcDateTime);

    public static RemovalView Of(ParticipantRemoved r) => new((int)r.Kind, r.Reason, r.Until?.UtcDateTime);

    public static ModerationRecord ToRecord(Guid lessonId, ModerationEntry e) => new()
    {
        LessonId = lessonId,
        At = e.At,
        ActorId = e.ActorId,
        ActorName = e.ActorName,
        TargetId = e.TargetId,
        TargetName = e.TargetName,
        Action = e.Action,
        Detail = e.Detail,
    };

    public static ChatMessageView Of(ChatMessage m) =>
        new(m.Seq, m.SenderId, m.SenderName, (int)m.SenderRole, (int)m.Audience, m.TargetId, m.Text, m.SentAt.UtcDateTime);

    public static ChatMessageView Of(ChatRecord m) =>
        new(m.Seq, m.SenderId, m.SenderName, (int)m.SenderRole, (int)m.Audience, m.TargetId, m.Text, m.SentAt.UtcDateTime);

    public static ChatRecord ToRecord(Guid lessonId, ChatMessage m) => new()
    {
        LessonId = lessonId,
        Seq = m.Seq,
        SenderId = m.SenderId,
        SenderName = m.SenderName,
        SenderRole = m.SenderRole,
        Audience = m.Audience,
        TargetId = m.TargetId,
        Text = m.Text,
        SentAt = m.SentAt,
    };
}
