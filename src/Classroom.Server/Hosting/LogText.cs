using System.Globalization;
using System.Text;

namespace Classroom.Server.Hosting;

/// <summary>
/// Text a client typed, made safe to put in a log line: bounded in length, and every control or
/// invisible formatting character (CR, LF, tabs, bidirectional overrides, line separators) written
/// as an escape, so typed text can neither forge a log line nor hide what it says.
/// </summary>
public static class LogText
{
    public const int DefaultMaxLength = 64;

    public static string Sanitize(string? text, int maxLength = DefaultMaxLength)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 16);
        var kept = 0;
        for (; kept < text.Length && kept < maxLength; kept++)
        {
            var c = text[kept];
            if (NeedsEscape(c)) builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else builder.Append(c);
        }
        if (kept < text.Length) builder.Append(CultureInfo.InvariantCulture, $"…(+{text.Length - kept} chars)");
        return builder.ToString();
    }

    private static bool NeedsEscape(char c) => char.GetUnicodeCategory(c) is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
        or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned;
}
