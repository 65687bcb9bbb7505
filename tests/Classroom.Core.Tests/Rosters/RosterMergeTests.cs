using System.Text;
using Classroom.Core.Rosters;

namespace Classroom.Core.Tests.Rosters;

public sealed class RosterMergeTests
{
    static RosterMergeTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly RosterStudent Alena = new(Guid.NewGuid(), "Ёлкина Алёна", false);
    private static readonly RosterStudent Yuri = new(Guid.NewGuid(), "Щукин Юрий", false);
    private static readonly RosterStudent Gone = new(Guid.NewGuid(), "Орлова Мария", true);

    private static List<RosterLine> Lines(params string[] texts) => texts.Select((t, i) => new RosterLine(i + 1, t)).ToList();

    [Theory]
    [InlineData("Ёлкина Алёна", "елкина алена")]
    [InlineData("  Щукин   Юрий ", "щукин юрий")]
    [InlineData("ЩУКИН ЮРИЙ", "щукин юрий")]
    public void Names_compare_trimmed_case_insensitive_with_yo_as_ye_and_spaces_collapsed(string name, string key) =>
        Assert.Equal(key, RosterMerge.Key(name));

    [Fact]
    public void The_same_list_again_adds_nobody_and_keeps_everyone_as_they_are()
    {
        var plan = RosterMerge.Plan([Alena, Yuri], Lines("Елкина Алена", "щукин  юрий"));
        Assert.Empty(plan.Added);
        Assert.Equal([Alena, Yuri], plan.Unchanged);
        Assert.False(plan.ChangesAnything);
    }

    [Fact]
    public void New_names_are_added_removed_ones_come_back_and_bad_lines_are_skipped_with_a_reason()
    {
        var plan = RosterMerge.Plan([Alena, Gone], Lines("Абрамов Игорь", "", "орлова мария", new string('Я', 61), "Ким\u0000 Дарья", "абрамов игорь", "Ёлкина Алёна"));
        Assert.Equal(["Абрамов Игорь"], plan.Added);
        Assert.Equal([Gone], plan.Restored);
        Assert.Equal([Alena], plan.Unchanged);
        Assert.Equal([(2, RosterMerge.Empty), (4, RosterMerge.TooLong), (5, RosterMerge.Invalid), (6, RosterMerge.DuplicateInFile)],
            plan.Skipped.Select(s => (s.Line, s.Reason)));
        Assert.DoesNotContain('\u0000', plan.Skipped.Single(s => s.Reason == RosterMerge.Invalid).Text);
    }

    [Fact]
    public void A_class_never_grows_past_its_limit_and_the_rest_is_skipped_as_over_limit()
    {
        var plan = RosterMerge.Plan([Alena], Lines("Ёлкина Алёна", "Первый", "Второй", "Третий"), maxStudents: 3);
        Assert.Equal(["Первый", "Второй"], plan.Added);
        Assert.Equal((4, RosterMerge.OverLimit), (plan.Skipped.Single().Line, plan.Skipped.Single().Reason));
    }

    [Fact]
    public void Csv_lines_keep_their_row_numbers_and_a_row_without_a_name_is_an_empty_line()
    {
        var bytes = Encoding.GetEncoding(1251).GetBytes("Фамилия;Имя;Отчество\r\nИванов;Пётр;Сергеевич\r\n;;Ивановна\r\nСмирнова;Ольга;\r\n");
        var lines = RosterImport.LinesFromCsv(bytes);
        Assert.Equal([(2, "Иванов Пётр"), (3, ""), (4, "Смирнова Ольга")], lines.Select(l => (l.Number, l.Text)));
        Assert.Equal([(2, "Анна"), (4, "Глеб")], RosterImport.LinesFromText("\r\nАнна\r\n \nГлеб").Select(l => (l.Number, l.Text)));
    }
}
