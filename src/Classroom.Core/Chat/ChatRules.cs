using System.Globalization;
using System.Text;
using Classroom.Core.Errors;
using Classroom.Core.Participants;

namespace Classroom.Core.Chat;

/// <summary>Who may write what to whom; the text rules every message obeys.</summary>
public static class ChatRules
{
    /// <summary>
    /// Validates and normalizes the text: trimmed, not empty, within the length limit. Control
    /// characters other than line breaks become spaces (they break terminals and CSV exports), and
    /// invisible format characters are dropped (bidi overrides and zero-width spaces can reverse or
    /// hide text); the joiners that emoji and some scripts need stay.
    /// </summary>
    public static string CleanText(string? text, int maxLength)
    {
        var source = text ?? string.Empty;
        var clean = new StringBuilder(Math.Min(source.Length, maxLength + 1));
        foreach (var c in source)
        {
            if (c == '\n') clean.Append(c);
            else if (char.IsControl(c)) clean.Append(' ');
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format || c is '\u200C' or '\u200D') clean.Append(c);
        }
        var trimmed = clean.ToString().Trim();
        if (trimmed.Length == 0) throw new ClassroomException(ErrorCodes.ChatEmpty, "The message is empty.");
        if (trimmed.Length > maxLength)
            throw new ClassroomException(ErrorCodes.ChatTooLong, $"The message is longer than {maxLength} characters.");
        return trimmed;
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
