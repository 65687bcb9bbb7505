namespace Classroom.Core.Moderation;

/// <summary>The teacher's lesson-wide settings for students.</summary>
public sealed class LessonRules
{
    /// <summary>Students come in with the microphone off (and may turn it on unless locked).</summary>
    public bool StudentsJoinMuted { get; set; } = true;

    /// <summary>Students come in muted and locked: they speak only when given the floor.</summary>
    public bool StudentMicsLocked { get; set; }

    public bool StudentCamerasAllowed { get; set; } = true;

    public bool StudentChatAllowed { get; set; } = true;

    /// <summary>At most one chat message per this interval per student; zero turns slow mode off.</summary>
    public TimeSpan SlowMode { get; set; }

    /// <summary>The student the teacher gave the floor to; taking it from them mutes them again.</summary>
    public string? FloorHolderId { get; set; }

    /// <summary>Who is sharing a screen now: one at a time.</summary>
    public string? ScreenSharerId { get; set; }

    /// <summary>Every newcomer waits in the lobby until the teacher lets them in.</summary>
    public bool AdmitManually { get; set; }

    /// <summary>Those who come after the start wait in the lobby (even in automatic mode).</summary>
    public bool LateToLobby { get; set; }

    /// <summary>Nobody new gets in: the lobby only, until unlocked.</summary>
    public bool Locked { get; set; }

    /// <summary>The pinned chat message, if any.</summary>
    public long? PinnedSeq { get; set; }

    /// <summary>A value copy, to tell whether a decision changed any rule (and everyone must hear of it).</summary>
    public object Fingerprint() =>
        (StudentsJoinMuted, StudentMicsLocked, StudentCamerasAllowed, StudentChatAllowed, SlowMode, FloorHolderId, ScreenSharerId, AdmitManually, LateToLobby, Locked, PinnedSeq);
}
