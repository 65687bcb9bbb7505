namespace Classroom.Core.Moderation;

/// <summary>
/// What the teacher has set for one participant. Kept per identity for the whole lesson, so a
/// student who drops and rejoins finds their mute lock, raised hand and chat ban where they left them.
/// A null override means "the lesson's rule for students applies".
/// </summary>
public sealed class ParticipantControls
{
    /// <summary>The microphone is off. The relay forwards no audio from a muted participant.</summary>
    public bool MicMuted { get; set; }

    /// <summary>Muted and not allowed to unmute until the teacher unlocks or gives the floor.</summary>
    public bool MicLocked { get; set; }

    public bool? CameraAllowed { get; set; }

    /// <summary>
    /// The participant switched their own camera off (or the teacher's forbid did). It stays off when
    /// the teacher allows cameras again: only its owner switches a camera on, never the server.
    /// </summary>
    public bool CameraOff { get; set; }

    public bool? ChatAllowed { get; set; }

    /// <summary>Screen sharing is only ever by the teacher's grant.</summary>
    public bool ScreenShareGranted { get; set; }

    public DateTimeOffset? HandRaisedAt { get; set; }

    /// <summary>A name the teacher gave instead of an offensive one.</summary>
    public string? Rename { get; set; }

    /// <summary>Sent out (lobby, kick, timeout): the next entry goes through the lobby.</summary>
    public bool MustWaitInLobby { get; set; }

    /// <summary>Timed out: refused until then, then back through the lobby.</summary>
    public DateTimeOffset? TimedOutUntil { get; set; }
}
