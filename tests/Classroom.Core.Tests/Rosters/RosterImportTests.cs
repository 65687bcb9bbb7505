using System.Text;
using Classroom.Core.Errors;
using Classroom.Core.Rosters;

namespace Classroom.Core.Tests.Rosters;

public sealed class RosterImportTests
{
    static RosterImportTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private const string ExcelSheet = "Фамилия;Имя;Отчество\r\nИванов;Пётр;Сергеевич\r\nСмирнова;Ольга;Ивановна\r\n;;\r\n";

    [Fact]
    public void Russian_Excel_csv_in_windows_1251_keeps_surname_and_first_name_only()
    {
        var names = RosterImport.FromCsv(Encoding.GetEncoding(1251).GetBytes(ExcelSheet));
        Assert.Equal(["Иванов Пётр", "Смирнова Ольга"], names);
    }

    [Fact]
    public void Utf8_with_and_without_bom_read_the_same()
    {
        var plain = Encoding.UTF8.GetBytes(ExcelSheet);
        var bom = Encoding.UTF8.GetPreamble().Concat(plain).ToArray();
        Assert.Equal(RosterImport.FromCsv(plain), RosterImport.FromCsv(bom));
        Assert.Equal("Иванов Пётр", RosterImport.FromCsv(bom)[0]);
    }

    [Fact]
    public void A_single_full_name_column_with_quotes_and_commas_is_read_by_the_csv_parser()
    {
        var csv = "\"ФИО\",\"Класс\"\n\"Кузнецов Дмитрий\",\"9А\"\n\"Орлова, Мария\",\"9А\"\n";
        Assert.Equal(["Кузнецов Дмитрий", "Орлова, Мария"], RosterImport.FromCsv(Encoding.UTF8.GetBytes(csv)));
    }

    [Fact]
    public void A_headerless_list_takes_the_first_column()
    {
        Assert.Equal(["Анна Белова", "Глеб Ершов"], RosterImport.FromCsv(Encoding.UTF8.GetBytes("Анна Белова;9А\nГлеб Ершов;9А")));
    }

    [Fact]
    public void A_pasted_list_is_one_name_a_line()
    {
        Assert.Equal(["Анна  Белова".Replace("  ", " ", StringComparison.Ordinal), "Глеб Ершов"], RosterImport.FromText("  Анна  Белова \r\n\r\nГлеб Ершов\n"));
    }

    [Fact]
    public void Empty_and_oversized_rosters_are_refused()
    {
        Assert.Equal(ErrorCodes.RosterEmpty, Assert.Throws<ClassroomException>(() => RosterImport.FromCsv(Encoding.UTF8.GetBytes("ФИО\n;\n"))).Code);
        var many = string.Join('\n', Enumerable.Range(0, 201).Select(i => $"Ученик {i}"));
        Assert.Equal(ErrorCodes.RosterTooLarge, Assert.Throws<ClassroomException>(() => RosterImport.FromText(many)).Code);
    }
}
