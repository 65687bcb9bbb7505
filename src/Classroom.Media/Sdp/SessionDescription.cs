using System.Globalization;
using System.Text;

namespace Classroom.Media.Sdp;

// RFC 8866 §5: an SDP text is lines "<type>=<value>"; session-level lines come first, then one
// section per m= line. The parser keeps every line in order, so a description prints back as read.

/// <summary>A parsed session description. Control plane: allocation is fine here, bounds are not optional.</summary>
public sealed class SessionDescription
{
    public const int MaxLength = 64 * 1024;
    public const int MaxMediaSections = 32;

    public List<string> SessionLines { get; } = [];
    public List<SdpAttributeLine> Attributes { get; } = [];
    public List<MediaDescription> Media { get; } = [];

    public IReadOnlyList<string> BundleGroup =>
        Attributes.FirstOrDefault(a => a.Name == "group" && a.Value?.StartsWith("BUNDLE", StringComparison.Ordinal) == true)?
            .Value!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList() ?? [];

    /// <summary>
    /// RFC 8843 §6 / RFC 9143 §6: a section offered with port zero and a=bundle-only, its mid in the
    /// BUNDLE group, asks to be accepted only into the bundle (Firefox offers every section after the
    /// first this way under max-bundle). It is live media, not a stopped transceiver.
    /// </summary>
    public bool IsBundleOnly(MediaDescription section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return section.Port == 0 && section.Mid is { } mid && section.Attributes.Any(a => a.Name == "bundle-only" && a.Value is null)
            && BundleGroup.Contains(mid, StringComparer.Ordinal);
    }

    /// <summary>
    /// RFC 8829 §5.2.2 / RFC 9143 §7.5.3: port zero without a=bundle-only (or outside BUNDLE) is a
    /// stopped or disabled transceiver: nothing to receive, declined in the answer.
    /// </summary>
    public bool IsStopped(MediaDescription section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return section.Port == 0 && !IsBundleOnly(section);
    }

    /// <summary>Parses an SDP text; on failure <paramref name="error"/> says which line and why.</summary>
    public static bool TryParse(string? text, out SessionDescription description, out string error)
    {
        description = new SessionDescription();
        error = string.Empty;
        if (string.IsNullOrEmpty(text)) return Fail("empty description", out error);
        if (text.Length > MaxLength) return Fail("description too long", out error);
        var lines = text.Split('\n');
        var number = 0;
        MediaDescription? current = null;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
                return Fail($"line {number}: not \"<type>=<value>\"", out error);
            // §9 grammar: no value may hold NUL or CR. A stray CR would be echoed into the answer and
            // read there as a line end, so the printed description would no longer be the parsed one.
            if (line.AsSpan().IndexOfAny('\r', '\0') >= 0) return Fail($"line {number}: NUL or CR inside the line", out error);
            if (number == 1 && line != "v=0") return Fail("line 1: must be v=0", out error);
            var type = line[0];
            var value = line[2..];
            if (type == 'm')
            {
                if (description.Media.Count == MaxMediaSections) return Fail("too many media sections", out error);
                var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 3 || !int.TryParse(parts[1].Split('/')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
                    return Fail($"line {number}: malformed m= line", out error);
                current = new MediaDescription { Kind = parts[0], Port = port, Protocol = parts[2], Formats = parts[3..] };
                description.Media.Add(current);
            }
            else if (type == 'a')
            {
                (current?.Attributes ?? description.Attributes).Add(SdpAttributeLine.Parse(value));
            }
            else if (current is null)
            {
                description.SessionLines.Add(line);
            }
            else
            {
                current.OtherLines.Add(line);
            }
        }
        if (description.SessionLines.Count == 0 || description.SessionLines[0] != "v=0") return Fail("missing v=0", out error);
        return true;
    }

    /// <summary>The description as SDP text with CRLF line ends.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var line in SessionLines) sb.Append(line).Append("\r\n");
        foreach (var a in Attributes) sb.Append(a.ToString()).Append("\r\n");
        foreach (var m in Media)
        {
            sb.Append(CultureInfo.InvariantCulture, $"m={m.Kind} {m.Port} {m.Protocol}");
            foreach (var f in m.Formats) sb.Append(' ').Append(f);
            sb.Append("\r\n");
            foreach (var line in m.OtherLines) sb.Append(line).Append("\r\n");
            foreach (var a in m.Attributes) sb.Append(a.ToString()).Append("\r\n");
        }
        return sb.ToString();
    }

    private static bool Fail(string reason, out string error)
    {
        error = reason;
        return false;
    }
}
