using Classroom.Core.Errors;
using Classroom.Core.Participants;

namespace Classroom.Core.Chat;

/// <summary>Who may write what to whom; the text rules every message obeys.</summary>
public static class ChatRules
{
    /// <summary>
    /// Validates and normalizes the text: trimmed, not empty, within the length limit, and without
    /// control characters other than line breaks (they hide text or break terminals and CSV exports).
    /// </summary>
    public static string CleanText(string? text, int maxLength)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length == 0) throw new ClassroomException(ErrorCodes.ChatEmpty, "The message is empty.");
        if (trimmed.Length > maxLength)
            throw new ClassroomException(ErrorCodes.ChatTooLong, $"The message is longer than {maxLength} characters.");
        if (!trimmed.AsSpan().ContainsAnyInRange('\0', '\u001f') && !trimmed.Contains('\u007f', StringComparison.Ordinal))
            return trimmed;
        return string.Create(trimmed.Length, trimmed, static (span, src) =>
        {
            for (var i = 0; i < src.Length; i++)
            {
                var c = src[i];
                span[i] = c == '\n' || !char.IsControl(c) ? c : ' ';
            }
        });
    }

    /// <summary>The audience of a message from <paramref name="sender"/> to <paramref name="target"/> (null: everyone).</summary>
    public static ChatAudience AudienceFor(Role sender, Permissions permissions, Role? target)
    {
        if (target is null)
        {
            if (!permissions.HasFlag(Permissions.ChatPublic))
                throw new ClassroomException(ErrorCodes.ChatNotAllowed, "You cannot write to the whole cabinet.");
            return ChatAudience.Everyone;
        }
        if (permissions.HasFlag(Permissions.ChatToAnyone)) return ChatAudience.Participant;
        if (permissions.HasFlag(Permissions.ChatToStaff) && target.Value.IsStaff()) return ChatAudience.Staff;
        throw new ClassroomException(ErrorCodes.ChatTargetNotAllowed,
            sender == Role.Student ? "Students may write privately only to the teacher." : "You cannot write to this participant.");
    }
}
