using Classroom.Core.Errors;

namespace Classroom.Core.Participants;

/// <summary>Names that people type (observers, teachers, roster entries): plain text, bounded.</summary>
public static class DisplayName
{
    public const int MaxLength = 60;

    public static string Clean(string? name)
    {
        var collapsed = string.Join(' ', (name ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (collapsed.Length == 0) throw new ClassroomException(ErrorCodes.InvalidName, "A name is required.");
        if (collapsed.Length > MaxLength) throw new ClassroomException(ErrorCodes.InvalidName, $"A name is at most {MaxLength} characters.");
        foreach (var c in collapsed)
        {
            if (char.IsControl(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format)
                throw new ClassroomException(ErrorCodes.InvalidName, "The name contains characters that are not allowed.");
        }
        return collapsed;
    }
}
