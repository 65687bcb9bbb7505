using Classroom.Core.Lessons;

namespace Classroom.Core.Tests.Lessons;

public sealed class LessonPickerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(30);

    private static (string, LessonClock) Lesson(string name, int startsInMinutes, int opensBefore = 10, int duration = 45, int? closesAfter = null) =>
        (name, new LessonClock(new LessonSchedule(Now.AddMinutes(startsInMinutes), TimeSpan.FromMinutes(duration), TimeSpan.FromMinutes(opensBefore),
            closesAfter is { } c ? TimeSpan.FromMinutes(c) : null), null, null));

    [Fact]
    public void The_latest_opened_lesson_wins_over_an_overrunning_one()
    {
        var picked = LessonPicker.Pick([Lesson("первый", -50), Lesson("второй", 5)], Now, Grace);
        Assert.Equal(("второй", PickedBecause.EntryOpen), picked);
    }

    [Fact]
    public void A_running_lesson_with_entry_closed_comes_before_the_next_and_nothing_left_is_null()
    {
        Assert.Equal(("идёт", PickedBecause.Running), LessonPicker.Pick([Lesson("идёт", -20, closesAfter: 10), Lesson("завтра", 1440)], Now, Grace));
        Assert.Equal(("завтра", PickedBecause.Next), LessonPicker.Pick([Lesson("прошёл", -200), Lesson("завтра", 1440)], Now, Grace));
        Assert.Null(LessonPicker.Pick([Lesson("прошёл", -200)], Now, Grace));
        Assert.Equal("завтра", LessonPicker.Upcoming([Lesson("идёт", -20), Lesson("послезавтра", 2880), Lesson("завтра", 1440)], Now, Grace));
    }

    [Fact]
    public void The_current_lesson_is_one_entry_leads_into_now_never_one_still_to_come()
    {
        Assert.Equal("второй", LessonPicker.Current([Lesson("первый", -50), Lesson("второй", 5)], Now, Grace));
        Assert.Equal("идёт", LessonPicker.Current([Lesson("идёт", -20, closesAfter: 10), Lesson("завтра", 1440)], Now, Grace));
        Assert.Null(LessonPicker.Current([Lesson("прошёл", -200), Lesson("завтра", 1440)], Now, Grace));
    }
}
