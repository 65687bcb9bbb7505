namespace Classroom.Core.Reception;

/// <summary>
/// What a participant's page receives. Ordered from the most to the least data, so "more
/// restrictive" is simply the larger value.
/// </summary>
public enum ReceiveMode
{
    /// <summary>Everything the relay and the link allow (the layer the estimate affords, up to the last-N videos).</summary>
    Auto = 0,

    /// <summary>Video only in the lowest simulcast layer (about 150 kbit/s a camera): for a slow or metered link.</summary>
    Low = 1,

    /// <summary>No video at all, only sound (prepaid mobile data): a few kbit/s per speaker.</summary>
    AudioOnly = 2,
}
