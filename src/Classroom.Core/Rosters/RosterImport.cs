using System.Globalization;
using System.Text;
using Classroom.Core.Errors;
using Classroom.Core.Participants;
using CsvHelper;
using CsvHelper.Configuration;

namespace Classroom.Core.Rosters;

/// <summary>One line of what the teacher pasted or uploaded: its number in the file, and the name as written.</summary>
public sealed record RosterLine(int Number, string Text);

/// <summary>
/// Turns what a teacher has at hand into roster names: a pasted list (one name a line) or a CSV file
/// as Excel writes it in a Russian locale (semicolons, Windows-1251, or UTF-8 with or without BOM).
/// Only surname and first name are kept when the file splits the name into columns: a patronymic is
/// not needed to teach a lesson, and we store the least personal data of minors we can.
/// </summary>
public static class RosterImport
{
    public const int MaxStudents = 200;

    private static readonly string[] SurnameHeaders = ["фамилия", "surname", "last name", "lastname"];
    private static readonly string[] FirstNameHeaders = ["имя", "first name", "firstname", "name"];
    private static readonly string[] FullNameHeaders = ["фио", "ф.и.о.", "ученик", "учащийся", "student", "full name", "фамилия имя", "фамилия, имя"];

    static RosterImport() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Roster lines one may paste or upload at once; more is not a class list.</summary>
    public const int MaxLines = 1000;

    /// <summary>A pasted list as names, every line cleaned; refuses the whole list on the first bad name.</summary>
    public static IReadOnlyList<string> FromText(string text) => Names(LinesFromText(text));

    /// <summary>A CSV file as names, every line cleaned; refuses the whole file on the first bad name.</summary>
    public static IReadOnlyList<string> FromCsv(ReadOnlySpan<byte> bytes) => Names(LinesFromCsv(bytes));

    /// <summary>
    /// A pasted list, one name a line, with line numbers for the import report. Blank lines are
    /// dropped silently (lists copied from a spreadsheet end with several).
    /// </summary>
    public static IReadOnlyList<RosterLine> LinesFromText(string text)
    {
        var lines = new List<RosterLine>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line)) continue;
            lines.Add(new RosterLine(number, line));
            if (lines.Count > MaxLines) throw new ClassroomException(ErrorCodes.RosterTooLarge, $"A roster has at most {MaxLines} lines.");
        }
        if (lines.Count == 0) throw new ClassroomException(ErrorCodes.RosterEmpty, "The roster has no names.");
        return lines;
    }

    /// <summary>
    /// A CSV file as roster lines: the name is the surname and first name columns, or the full-name
    /// column, or the first column of a file without a header. A row with other cells but no name
    /// becomes an empty line, which the import report shows as skipped.
    /// </summary>
    public static IReadOnlyList<RosterLine> LinesFromCsv(ReadOnlySpan<byte> bytes)
    {
        var text = Decode(bytes);
        var delimiter = DetectDelimiter(text);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
            HasHeaderRecord = false,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
            TrimOptions = TrimOptions.Trim,
        };
        var rows = new List<(int Number, string[] Cells)>();
        using (var reader = new StringReader(text))
        using (var csv = new CsvReader(reader, config))
        {
            while (csv.Read())
            {
                var row = csv.Parser.Record ?? [];
                if (row.Any(f => !string.IsNullOrWhiteSpace(f))) rows.Add((csv.Parser.RawRow, row));
                if (rows.Count > MaxLines + 1) throw new ClassroomException(ErrorCodes.RosterTooLarge, $"A roster has at most {MaxLines} lines.");
            }
        }
        if (rows.Count == 0) throw new ClassroomException(ErrorCodes.RosterEmpty, "The file has no names.");

        var (surnameCol, firstCol, fullCol) = FindColumns(rows[0].Cells);
        var hasHeader = surnameCol >= 0 || firstCol >= 0 || fullCol >= 0;
        if (!hasHeader) fullCol = 0;
        var lines = new List<RosterLine>();
        foreach (var (number, row) in rows.Skip(hasHeader ? 1 : 0))
        {
            string name;
            if (surnameCol >= 0 && firstCol >= 0) name = $"{Cell(row, surnameCol)} {Cell(row, firstCol)}".Trim();
            else if (fullCol >= 0) name = Cell(row, fullCol);
            else name = Cell(row, Math.Max(surnameCol, firstCol));
            lines.Add(new RosterLine(number, name));
        }
        if (lines.Count == 0) throw new ClassroomException(ErrorCodes.RosterEmpty, "The file has no names.");
        return lines;
    }

    /// <summary>UTF-8 when it has a BOM or decodes cleanly; otherwise Windows-1251, what Russian Excel writes.</summary>
    internal static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return Encoding.UTF8.GetString(bytes[3..]);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding(1251).GetString(bytes);
        }
    }

    private static string DetectDelimiter(string text)
    {
        var firstLine = text.AsSpan(0, Math.Max(0, text.IndexOf('\n') is var i and >= 0 ? i : text.Length));
        var semicolons = firstLine.Count(';');
        var commas = firstLine.Count(',');
        var tabs = firstLine.Count('\t');
        if (tabs > semicolons && tabs > commas) return "\t";
        return commas > semicolons ? "," : ";";
    }

    private static (int Surname, int First, int Full) FindColumns(string[] header)
    {
        int surname = -1, first = -1, full = -1;
        for (var i = 0; i < header.Length; i++)
        {
            var h = header[i].Trim().ToLowerInvariant();
            if (FullNameHeaders.Contains(h)) full = i;
            else if (SurnameHeaders.Contains(h)) surname = i;
            else if (FirstNameHeaders.Contains(h)) first = i;
        }
        return (surname, first, full);
    }

    private static string Cell(string[] row, int index) => index < row.Length ? row[index].Trim() : string.Empty;

    private static List<string> Names(IReadOnlyList<RosterLine> lines)
    {
        var names = lines.Where(l => !string.IsNullOrWhiteSpace(l.Text)).Select(l => DisplayName.Clean(l.Text)).ToList();
        if (names.Count == 0) throw new ClassroomException(ErrorCodes.RosterEmpty, "The roster has no names.");
        if (names.Count > MaxStudents) throw new ClassroomException(ErrorCodes.RosterTooLarge, $"A class has at most {MaxStudents} students.");
        return names;
    }
}
