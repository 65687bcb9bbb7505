using System.Globalization;
using System.Net;

namespace Classroom.Bench.Media;

/// <summary>
/// Points the host candidates of a remote description at a link emulator's UDP proxy, so a synthetic
/// peer's media crosses the emulated link: what a NAT or TURN relay in between would look like to
/// both ends. ICE still runs end to end, so the server validates the proxy's address as the peer's.
/// </summary>
public static class CandidateRewrite
{
    public static string PointAt(string sdp, IPEndPoint proxy)
    {
        var lines = sdp.Split("\r\n");
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("a=candidate:", StringComparison.Ordinal)) continue;
            var fields = lines[i].Split(' ');
            // a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> ...
            if (fields.Length < 8 || !fields[2].Equals("udp", StringComparison.OrdinalIgnoreCase)) continue;
            fields[4] = proxy.Address.ToString();
            fields[5] = proxy.Port.ToString(CultureInfo.InvariantCulture);
            lines[i] = string.Join(' ', fields);
        }
        return string.Join("\r\n", lines);
    }

    /// <summary>The first UDP host candidate of a description: where the SFU receives media.</summary>
    public static IPEndPoint FirstCandidate(string sdp)
    {
        foreach (var line in sdp.Split("\r\n"))
        {
            if (!line.StartsWith("a=candidate:", StringComparison.Ordinal)) continue;
            var fields = line.Split(' ');
            if (fields.Length >= 8 && fields[2].Equals("udp", StringComparison.OrdinalIgnoreCase) && IPAddress.TryParse(fields[4], out var address))
                return new IPEndPoint(address, int.Parse(fields[5], CultureInfo.InvariantCulture));
        }
        throw new FormatException("The description has no UDP candidate.");
    }
}
