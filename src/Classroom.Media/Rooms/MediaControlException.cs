namespace Classroom.Media.Rooms;

/// <summary>Why a control request (an offer, an answer, a subscription) was refused. The host maps each to its error code.</summary>
public enum MediaControlError
{
    /// <summary>The relay is switched off or not started.</summary>
    Disabled = 0,
    /// <summary>The publisher's offer is not SDP the relay takes, or asks for what it may not.</summary>
    BadOffer,
    /// <summary>The receiver's answer is not valid, or nothing was offered.</summary>
    BadAnswer,
    /// <summary>The answer is to an older offer than the latest, or the session closed meanwhile.</summary>
    Stale,
    /// <summary>Too many renegotiations or ICE restarts in the last minute.</summary>
    RateLimited,
    /// <summary>Too many of the participant's or the room's transports are still connecting (TransportLimits).</summary>
    ConnectingLimit,
    /// <summary>Receive preferences the relay cannot apply (an undefined mode, a negative video count).</summary>
    BadPreferences,
    /// <summary>No such session or track (e.g. a layer choice for a track the session does not receive).</summary>
    NotFound,
    /// <summary>A simulcast layer outside 0 to 2.</summary>
    BadLayer,
}

/// <summary>
/// A control request the relay refused. Nothing changed; the message is safe to show the caller.
/// The packet path never throws; only the surface the host drives does.
/// </summary>
public sealed class MediaControlException : Exception
{
    public MediaControlException(MediaControlError error, string message) : base(message) => Error = error;

    public MediaControlException()
    {
    }

    public MediaControlException(string message) : base(message)
    {
    }

    public MediaControlException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public MediaControlError Error { get; }
}
