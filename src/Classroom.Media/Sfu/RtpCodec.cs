using System.Globalization;
using Classroom.Media.Sdp;

namespace Classroom.Media.Sfu;

/// <summary>
/// The codec a producer sends, as its publisher negotiated it. Subscribers are offered the same codec
/// under the relay's own payload type (the canonical one), so publishers with different payload
/// numbering can share one bundled subscriber transport (RFC 8843 §9.1).
/// </summary>
public sealed record RtpCodec(string Name, int ClockRate, int Channels, byte PayloadType, string? Fmtp, IReadOnlyList<string> Feedback)
{
    public string RtpMap => Channels > 1
        ? string.Create(CultureInfo.InvariantCulture, $"{Name}/{ClockRate}/{Channels}")
        : string.Create(CultureInfo.InvariantCulture, $"{Name}/{ClockRate}");

    public bool IsVideo => ClockRate == 90000;

    public byte CanonicalPayloadType => Name.ToUpperInvariant() switch
    {
        "OPUS" => 111,
        "VP8" => 96,
        "H264" => 102,
        _ => PayloadType,
    };

    /// <summary>The one codec an answered section carries (the relay answers exactly one format).</summary>
    public static RtpCodec? Of(MediaDescription answered)
    {
        if (answered.Port == 0 || answered.Formats.Count == 0
            || !byte.TryParse(answered.Formats[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pt)
            || !answered.RtpMaps.TryGetValue(pt, out var map))
        {
            return null;
        }
        var parts = map.Split('/');
        if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var clock)) return null;
        var channels = parts.Length > 2 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : 1;
        answered.Fmtps.TryGetValue(pt, out var fmtp);
        return new RtpCodec(parts[0], clock, channels, pt, fmtp, answered.FeedbackFor(pt));
    }
}
