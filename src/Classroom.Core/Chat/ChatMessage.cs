using Classroom.Core.Participants;

namespace Classroom.Core.Chat;

/// <summary>
/// One chat message. <see cref="Seq"/> orders all messages of a lesson, public and private alike;
/// a participant sees the subsequence visible to them, so "everything after N" is well defined.
/// </summary>
public sealed record ChatMessage(
    long Seq,
    string SenderId,
    string SenderName,
    Role SenderRole,
    ChatAudience Audience,
    string? TargetId,
    string Text,
    DateTimeOffset SentAt)
{
    public bool IsVisibleTo(string participantId, Role role) => Audience switch
    {
        ChatAudience.Everyone => true,
        _ when role.IsStaff() => true,
        ChatAudience.Staff => SenderId == participantId,
        ChatAudience.Participant => SenderId == participantId || TargetId == participantId,
        _ => false,
    };
}
