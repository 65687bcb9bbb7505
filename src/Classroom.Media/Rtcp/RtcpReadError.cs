namespace Classroom.Media.Rtcp;

/// <summary>Why <see cref="RtcpReader"/> stopped before the end of a compound packet.</summary>
public enum RtcpReadError
{
    None = 0,
    /// <summary>The compound packet has no bytes at all.</summary>
    Empty,
    /// <summary>Fewer than four bytes left, or a length field that runs past the end.</summary>
    Truncated,
    /// <summary>A header whose version is not 2.</summary>
    BadVersion,
    /// <summary>Padding on a packet that is not the last, or a padding count of zero or past the header.</summary>
    BadPadding,
}
