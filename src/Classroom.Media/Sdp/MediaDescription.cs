using System.Globalization;

namespace Classroom.Media.Sdp;

// RFC 8866 §5.14 "m=<media> <port> <proto> <fmt> ...", followed by its c= and a= lines; the
// attributes WebRTC uses are read by name (RFC 8829 for JSEP, RFC 8843 BUNDLE, RFC 8851 rid,
// RFC 8853 simulcast, RFC 8285 extmap, RFC 4585 rtcp-fb).

public sealed class MediaDescription
{
    public required string Kind { get; init; }
    public required int Port { get; init; }
    public required string Protocol { get; init; }
    public required IReadOnlyList<string> Formats { get; init; }
    public List<string> OtherLines { get; } = [];
    public List<SdpAttributeLine> Attributes { get; } = [];

    public string? Mid => Value("mid");
    public string? IceUfrag => Value("ice-ufrag");
    public string? IcePwd => Value("ice-pwd");
    public string? Setup => Value("setup");
    public string? Fingerprint => Value("fingerprint");

    /// <summary>sendrecv (the default), sendonly, recvonly or inactive.</summary>
    public string Direction => Attributes.LastOrDefault(a => a.Value is null && a.Name is "sendrecv" or "sendonly" or "recvonly" or "inactive")?.Name ?? "sendrecv";

    public string? Value(string name) => Attributes.FirstOrDefault(a => a.Name == name)?.Value;

    public IEnumerable<string> Values(string name) => Attributes.Where(a => a.Name == name && a.Value is not null).Select(a => a.Value!);

    /// <summary>Payload type → "codec/clock[/channels]" from a=rtpmap.</summary>
    public IReadOnlyDictionary<int, string> RtpMaps =>
        Values("rtpmap").Select(SplitPayload).Where(x => x.Pt >= 0).GroupBy(x => x.Pt).ToDictionary(g => g.Key, g => g.First().Text);

    public IReadOnlyDictionary<int, string> Fmtps =>
        Values("fmtp").Select(SplitPayload).Where(x => x.Pt >= 0).GroupBy(x => x.Pt).ToDictionary(g => g.Key, g => g.First().Text);

    public IReadOnlyList<string> FeedbackFor(int payloadType) =>
        Values("rtcp-fb").Select(SplitPayload).Where(x => x.Pt == payloadType).Select(x => x.Text).ToList();

    /// <summary>Extension id → URI from a=extmap (direction suffixes are dropped).</summary>
    public IReadOnlyDictionary<int, string> Extensions =>
        Values("extmap").Select(v => v.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length >= 2 && int.TryParse(p[0].Split('/')[0], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .GroupBy(p => int.Parse(p[0].Split('/')[0], CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.First()[1]);

    /// <summary>The ids of a=rid lines with their direction (RFC 8851).</summary>
    public IReadOnlyList<(string Id, string Direction)> Rids =>
        Values("rid").Select(v => v.Split(' ', 3)).Where(p => p.Length >= 2).Select(p => (p[0], p[1])).ToList();

    public IReadOnlyList<uint> Ssrcs =>
        Values("ssrc").Select(v => uint.TryParse(v.Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : (uint?)null)
            .Where(s => s is not null).Select(s => s!.Value).Distinct().ToList();

    private static (int Pt, string Text) SplitPayload(string value)
    {
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !int.TryParse(value.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var pt) || pt > 127) return (-1, string.Empty);
        return (pt, value[(space + 1)..]);
    }
}
