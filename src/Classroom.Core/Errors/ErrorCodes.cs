namespace Classroom.Core.Errors;

/// <summary>Stable error codes shared by the hub, the HTTP API and the web client.</summary>
public static class ErrorCodes
{
    public const string BadRequest = "bad_request";
    public const string NotFound = "not_found";
    public const string Forbidden = "forbidden";
    public const string NotJoined = "not_joined";
    public const string AlreadyJoined = "already_joined";

    public const string UnknownCode = "entry.unknown_code";
    public const string NoLesson = "entry.no_lesson";
    public const string NotOnRoster = "entry.not_on_roster";
    public const string LessonEnded = "entry.lesson_ended";
    public const string EntryClosed = "entry.closed";
    public const string NameRequired = "entry.name_required";
    public const string Banned = "entry.banned";
    public const string TimedOut = "entry.timed_out";
    public const string LobbyFull = "entry.lobby_full";
    /// <summary>An observer or display link already lets in as many guests as the teacher allowed.</summary>
    public const string LinkFull = "entry.link_full";

    public const string ChatEmpty = "chat.empty";
    public const string ChatTooLong = "chat.too_long";
    public const string ChatRateLimited = "chat.rate_limited";
    public const string ChatTargetNotAllowed = "chat.target_not_allowed";
    public const string ChatNotAllowed = "chat.not_allowed";

    public const string ChatSlowMode = "chat.slow_mode";

    public const string MicLocked = "moderation.mic_locked";
    public const string CameraForbidden = "moderation.camera_forbidden";
    public const string ScreenNotGranted = "moderation.screen_not_granted";
    public const string ScreenBusy = "moderation.screen_busy";
    public const string NoTarget = "moderation.no_target";
    public const string InvalidValue = "moderation.invalid_value";
    public const string HandRateLimited = "moderation.hand_rate_limited";

    public const string MediaBadOffer = "media.bad_offer";
    public const string MediaDisabled = "media.disabled";
    public const string MediaBadAnswer = "media.bad_answer";
    public const string MediaStale = "media.stale";
    public const string MediaConnectingLimit = "media.connecting_limit";

    // Receiver choices (issue 13): what a page receives.
    public const string ReceiveModeUnknown = "reception.unknown_mode";
    public const string ReceiveRateLimited = "reception.rate_limited";

    public const string RateLimited = "rate_limited";
    public const string InvalidSchedule = "lesson.invalid_schedule";
    public const string InvalidName = "invalid_name";
    public const string RosterEmpty = "roster.empty";
    public const string RosterTooLarge = "roster.too_large";
    public const string RosterUnreadable = "roster.unreadable";
    public const string RosterUnknownStudent = "roster.unknown_student";

    public const string LinkInvalidCap = "link.invalid_cap";
    public const string TooManyLinks = "link.too_many";

    /// <summary>An API or hub call over plain HTTP to a server that serves HTTPS.</summary>
    public const string HttpsRequired = "https_required";
}
