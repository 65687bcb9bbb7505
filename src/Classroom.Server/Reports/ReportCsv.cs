using System.Globalization;
using System.Text;
using Classroom.Contracts;
using Classroom.Core.Moderation;
using Classroom.Server.Hosting;
using CsvHelper;
using CsvHelper.Configuration;

namespace Classroom.Server.Reports;

/// <summary>
/// The CSV files a school opens in Excel by double-click (Russian locale) or LibreOffice:
/// UTF-8 with a BOM (without it Excel reads Windows-1251 and garbles every name), <c>;</c> between
/// fields (the list separator of a Russian locale, where <c>,</c> is the decimal comma), CRLF lines,
/// times in the school's time zone (named in the header), and minutes as whole numbers: an integer
/// is a number in every locale, whereas "1.5" turns into a date in Russian Excel and "1,5" into text
/// in an English one. Cells that start like a formula are escaped, so a name cannot run one.
/// </summary>
public static class ReportCsv
{
    private static readonly string[] Russian = ["Ученик", "Был на уроке", "Первый вход", "Последний выход", "Минут на уроке", "Переподключений", "Сообщений в чате", "Поднятых рук", "да", "нет"];
    private static readonly string[] English = ["Student", "Attended", "First join", "Last leave", "Minutes present", "Reconnects", "Chat messages", "Hands raised", "yes", "no"];
    private static readonly string[] RussianLog = ["Время", "Кто", "Действие", "Кому", "Подробности"];
    private static readonly string[] EnglishLog = ["Time", "By", "Action", "To", "Details"];

    public static byte[] Attendance(AttendanceReportView report, SchoolTime school, bool russian)
    {
        var words = russian ? Russian : English;
        var zone = school.Describe(report.StartsAt);
        return Write(csv =>
        {
            for (var i = 0; i < 8; i++) csv.WriteField(i is 2 or 3 ? $"{words[i]} ({zone})" : words[i]);
            csv.NextRecord();
            foreach (var row in report.Rows)
            {
                csv.WriteField(row.Name);
                csv.WriteField(row.Attended ? words[8] : words[9]);
                csv.WriteField(Local(row.FirstJoin, school, russian));
                csv.WriteField(Local(row.LastLeave, school, russian));
                csv.WriteField(WholeMinutes(row.MinutesPresent));
                csv.WriteField(row.Reconnects.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(row.ChatMessages.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(row.HandsRaised.ToString(CultureInfo.InvariantCulture));
                csv.NextRecord();
            }
        });
    }

    public static byte[] ModerationLog(IReadOnlyList<ModerationEntryView> log, DateTimeOffset lessonStart, SchoolTime school, bool russian)
    {
        var words = russian ? RussianLog : EnglishLog;
        var zone = school.Describe(lessonStart);
        return Write(csv =>
        {
            csv.WriteField($"{words[0]} ({zone})");
            for (var i = 1; i < words.Length; i++) csv.WriteField(words[i]);
            csv.NextRecord();
            foreach (var e in log)
            {
                var action = (ModerationAction)e.Action;
                csv.WriteField(Local(new DateTimeOffset(DateTime.SpecifyKind(e.At, DateTimeKind.Utc)), school, russian));
                csv.WriteField(e.ActorName);
                csv.WriteField(ModerationWords.Of(action, russian, wholeClass: e.TargetId is null));
                csv.WriteField(e.TargetName ?? string.Empty);
                csv.WriteField(e.Detail ?? string.Empty);
                csv.NextRecord();
            }
        });
    }

    /// <summary>Rounded to the nearest minute: a teacher's register counts minutes, not tenths.</summary>
    public static string WholeMinutes(double minutes) =>
        ((long)Math.Round(minutes, MidpointRounding.AwayFromZero)).ToString(CultureInfo.InvariantCulture);

    /// <summary>A wall-clock time of the school, in the form each language's spreadsheet reads as a date and time.</summary>
    private static string Local(DateTimeOffset? at, SchoolTime school, bool russian) =>
        at is { } t ? school.ToLocal(t).ToString(russian ? "dd.MM.yyyy HH:mm:ss" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : string.Empty;

    private static byte[] Write(Action<CsvWriter> rows)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = ";", NewLine = "\r\n", InjectionOptions = InjectionOptions.Escape }))
        {
            rows(csv);
        }
        return stream.ToArray();
    }
}
