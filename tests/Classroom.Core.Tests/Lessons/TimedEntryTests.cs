using Classroom.Core.Errors;
using Classroom.Core.Lessons;
using Microsoft.Extensions.Time.Testing;

namespace Classroom.Core.Tests.Lessons;

public sealed class TimedEntryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(3));
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(30);
    private readonly FakeTimeProvider _time = new(Start.AddHours(-1));

    private static LessonClock Clock(DateTimeOffset? openedEarly = null, DateTimeOffset? ended = null, TimeSpan? closesAfterStart = null) =>
        new(new LessonSchedule(Start, TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(10), closesAfterStart), openedEarly, ended);

    [Fact]
    public void Before_the_window_a_student_waits_until_it_opens()
    {
        _time.SetUtcNow(Start.AddMinutes(-30));
        var decision = Clock().Decide(_time.GetUtcNow(), Grace, returning: false);
        Assert.Equal(EntryVerdict.Wait, decision.Verdict);
        Assert.Equal(Start.AddMinutes(-10), decision.OpensAt);
        Assert.Equal(LessonPhase.Scheduled, Clock().PhaseAt(_time.GetUtcNow(), Grace));
    }

    [Fact]
    public void One_tick_before_the_edge_still_waits_and_at_the_edge_enters()
    {
        _time.SetUtcNow(Start.AddMinutes(-10).AddTicks(-1));
        Assert.Equal(EntryVerdict.Wait, Clock().Decide(_time.GetUtcNow(), Grace, false).Verdict);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(EntryVerdict.Admit, Clock().Decide(_time.GetUtcNow(), Grace, false).Verdict);
        Assert.Equal(LessonPhase.Open, Clock().PhaseAt(_time.GetUtcNow(), Grace));
    }

    [Fact]
    public void Inside_the_lesson_a_student_enters()
    {
        _time.SetUtcNow(Start.AddMinutes(20));
        Assert.Equal(EntryVerdict.Admit, Clock().Decide(_time.GetUtcNow(), Grace, false).Verdict);
        Assert.Equal(LessonPhase.InProgress, Clock().PhaseAt(_time.GetUtcNow(), Grace));
    }

    [Fact]
    public void After_the_scheduled_end_a_newcomer_is_refused_but_a_returning_student_may_rejoin_until_the_lesson_closes()
    {
        _time.SetUtcNow(Start.AddMinutes(46));
        Assert.Equal(EntryVerdict.Closed, Clock().Decide(_time.GetUtcNow(), Grace, returning: false).Verdict);
        Assert.Equal(EntryVerdict.Admit, Clock().Decide(_time.GetUtcNow(), Grace, returning: true).Verdict);
        _time.SetUtcNow(Start.AddMinutes(45) + Grace);
        Assert.Equal(EntryVerdict.Ended, Clock().Decide(_time.GetUtcNow(), Grace, returning: true).Verdict);
        Assert.Equal(LessonPhase.Ended, Clock().PhaseAt(_time.GetUtcNow(), Grace));
    }

    [Fact]
    public void Entry_can_close_before_the_end_when_the_teacher_narrows_it()
    {
        _time.SetUtcNow(Start.AddMinutes(16));
        var clock = Clock(closesAfterStart: TimeSpan.FromMinutes(15));
        Assert.Equal(EntryVerdict.Closed, clock.Decide(_time.GetUtcNow(), Grace, false).Verdict);
        Assert.Equal(LessonPhase.InProgress, clock.PhaseAt(_time.GetUtcNow(), Grace));
    }

    [Fact]
    public void The_teacher_opening_early_lets_students_in_from_that_moment()
    {
        _time.SetUtcNow(Start.AddMinutes(-40));
        var clock = Clock(openedEarly: _time.GetUtcNow());
        Assert.Equal(EntryVerdict.Admit, clock.Decide(_time.GetUtcNow(), Grace, false).Verdict);
        Assert.Equal(LessonPhase.Open, clock.PhaseAt(_time.GetUtcNow(), Grace));
        // An "early" opening after the window already opened changes nothing.
        Assert.Equal(Start.AddMinutes(-10), Clock(openedEarly: Start.AddMinutes(-5)).EntryOpensAt);
    }

    [Fact]
    public void An_ended_lesson_lets_nobody_in_even_inside_its_window()
    {
        _time.SetUtcNow(Start.AddMinutes(10));
        var clock = Clock(ended: Start.AddMinutes(5));
        Assert.Equal(EntryVerdict.Ended, clock.Decide(_time.GetUtcNow(), Grace, returning: true).Verdict);
        Assert.True(clock.IsEnded(_time.GetUtcNow(), Grace));
    }

    [Theory]
    [InlineData(0, 10, null)]
    [InlineData(45, -1, null)]
    [InlineData(45, 121, null)]
    [InlineData(45, 10, 46)]
    [InlineData(481, 10, null)]
    public void Impossible_schedules_are_refused(int minutes, int opensBefore, int? closesAfter)
    {
        var ex = Assert.Throws<ClassroomException>(() => new LessonSchedule(Start, TimeSpan.FromMinutes(minutes), TimeSpan.FromMinutes(opensBefore),
            closesAfter is { } c ? TimeSpan.FromMinutes(c) : null));
        Assert.Equal(ErrorCodes.InvalidSchedule, ex.Code);
    }

    [Fact]
    public void Start_times_at_the_ends_of_the_calendar_are_refused_before_any_arithmetic_overflows()
    {
        Assert.Equal(ErrorCodes.InvalidSchedule, Assert.Throws<ClassroomException>(() =>
            new LessonSchedule(DateTimeOffset.MinValue, TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(10))).Code);
        Assert.Equal(ErrorCodes.InvalidSchedule, Assert.Throws<ClassroomException>(() =>
            new LessonSchedule(new DateTimeOffset(9999, 12, 31, 23, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(120), TimeSpan.FromMinutes(10))).Code);
    }
}
