using Classroom.Contracts;
using Classroom.Core.Chat;
using Classroom.Core.Live;
using Classroom.Server.Storage;

namespace Classroom.Server.Live;

/// <summary>Maps Core and storage types to the wire contract.</summary>
internal static class Views
{
    public static ParticipantView Of(LiveParticipant p) => new(p.Id, p.DisplayName, (int)p.Role);

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
