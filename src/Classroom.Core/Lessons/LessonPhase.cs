namespace Classroom.Core.Lessons;

/// <summary>Where a lesson is in its life, as everyone sees it.</summary>
public enum LessonPhase
{
    /// <summary>Before the entry window: students wait.</summary>
    Scheduled = 0,
    /// <summary>Entry is open (window reached or opened early by the teacher) but the start time is ahead.</summary>
    Open = 1,
    /// <summary>Between the start and the end.</summary>
    InProgress = 2,
    /// <summary>The teacher ended it, or it ran past its end plus the overrun grace.</summary>
    Ended = 3,
}
