using System.Text;
using Classroom.Core.Errors;
using Classroom.Core.Participants;

namespace Classroom.Core.Rosters;

/// <summary>A student already on the roster, as the merge sees them.</summary>
public sealed record RosterStudent(Guid Id, string Name, bool Removed);

/// <summary>A line the import leaves out, with why: <see cref="RosterMerge"/>'s reason codes.</summary>
public sealed record SkippedLine(int Line, string Text, string Reason);

/// <summary>
/// What importing a list does to a class: names to add, removed students to bring back (with their
/// old codes), students already there (kept as they are, codes included), and lines left out.
/// </summary>
public sealed record RosterPlan(
    IReadOnlyList<string> Added,
    IReadOnlyList<RosterStudent> Restored,
    IReadOnlyList<RosterStudent> Unchanged,
    IReadOnlyList<SkippedLine> Skipped)
{
    public bool ChangesAnything => Added.Count > 0 || Restored.Count > 0;
}

/// <summary>
/// Merges a pasted or uploaded list into a class by name, so uploading the same list again adds
/// nobody twice and every existing student keeps their code. Two names are the same student when
/// they match after trimming, collapsing spaces, ignoring case and reading "ё" as "е" (school
/// registers write "Алёна" and "Алена" for the same girl). Nothing else is guessed: "Иванов Пётр"
/// and "Пётр Иванов" are two different lines, because a swapped order is rare and a wrong merge
/// would give one child another's code.
/// </summary>
public static class RosterMerge
{
    public const string Empty = "empty";
    public const string TooLong = "too_long";
    public const string Invalid = "invalid";
    public const string DuplicateInFile = "duplicate";
    public const string OverLimit = "over_limit";

    /// <summary>Shown in the report for a skipped line: enough to recognise it, bounded.</summary>
    private const int MaxShownText = 80;

    /// <summary>The comparison key of a name: the merge rule above, and nothing more.</summary>
    public static string Key(string name)
    {
        var collapsed = string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var key = new StringBuilder(collapsed.Length);
        foreach (var c in collapsed)
        {
            var lower = char.ToLowerInvariant(c);
            key.Append(lower == 'ё' ? 'е' : lower);
        }
        return key.ToString();
    }

    /// <summary>
    /// Decides the merge without changing anything: the same call gives the preview and the import.
    /// Lines are taken in file order; a class never grows past <paramref name="maxStudents"/> active
    /// students (lines beyond are skipped as <see cref="OverLimit"/>).
    /// </summary>
    public static RosterPlan Plan(IEnumerable<RosterStudent> existing, IEnumerable<RosterLine> lines, int maxStudents = RosterImport.MaxStudents)
    {
        var roster = existing.ToList();
        var active = roster.Where(s => !s.Removed).GroupBy(s => Key(s.Name)).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        // The most recently listed removed student of a name comes back, not an older namesake.
        var removed = roster.Where(s => s.Removed).GroupBy(s => Key(s.Name)).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var room = maxStudents - roster.Count(s => !s.Removed);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var added = new List<string>();
        var restored = new List<RosterStudent>();
        var unchanged = new List<RosterStudent>();
        var skipped = new List<SkippedLine>();
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line.Text))
            {
                skipped.Add(new SkippedLine(line.Number, string.Empty, Empty));
                continue;
            }
            string name;
            try
            {
                name = DisplayName.Clean(line.Text);
            }
            catch (ClassroomException)
            {
                var tooLong = line.Text.Trim().Length > DisplayName.MaxLength;
                skipped.Add(new SkippedLine(line.Number, Shown(line.Text), tooLong ? TooLong : Invalid));
                continue;
            }
            var key = Key(name);
            if (!seen.TryAdd(key, line.Number))
            {
                skipped.Add(new SkippedLine(line.Number, name, DuplicateInFile));
                continue;
            }
            if (active.TryGetValue(key, out var present))
            {
                unchanged.Add(present);
                continue;
            }
            if (room <= 0)
            {
                skipped.Add(new SkippedLine(line.Number, name, OverLimit));
                continue;
            }
            room--;
            if (removed.TryGetValue(key, out var back)) restored.Add(back);
            else added.Add(name);
        }
        return new RosterPlan(added, restored, unchanged, skipped);
    }

    private static string Shown(string text)
    {
        var clean = new string(text.Trim().Select(c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format ? ' ' : c).ToArray());
        return clean.Length <= MaxShownText ? clean : clean[..MaxShownText] + "…";
    }
}
