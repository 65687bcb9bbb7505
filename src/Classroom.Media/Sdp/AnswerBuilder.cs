using System.Globalization;
using System.Net;

namespace Classroom.Media.Sdp;

// RFC 8829 §5.3 (JSEP answers), RFC 8445 §5.1.1 / RFC 8839 (ICE in SDP, a=ice-lite), RFC 8842
// (a=setup for DTLS: the relay is always the DTLS server, so it answers passive), RFC 8843 and its
// successor RFC 9143 (BUNDLE, bundle-only),
// RFC 8853 (simulcast: the answer receives the offered rids).

/// <summary>What the relay puts into every answer: its ICE credentials, certificate fingerprint and one host candidate.</summary>
public sealed record RelayEndpoint(string IceUfrag, string IcePwd, string Fingerprint, IPEndPoint Candidate, IPEndPoint? TcpCandidate = null)
{
    /// <summary>
    /// RFC 6544 §4.2 priority of the passive TCP host candidate: type preference 126 (host), local
    /// preference 2^13 · direction preference (passive: 4) + 8191 (one address), component 1. It comes
    /// out below the UDP host candidate's 2130706431, so browsers use TCP only where UDP fails.
    /// </summary>
    public const uint TcpPassivePriority = (126u << 24) | (((4u << 13) + 8191u) << 8) | (256u - 1u);

    /// <summary>
    /// A live section on the relay's one transport: port, c=, rtcp (rtcp-mux), the host candidate,
    /// ICE credentials, fingerprint, the DTLS role (<paramref name="setup"/>) and the mid.
    /// </summary>
    public MediaDescription Section(string kind, string formats, string setup, string? mid)
    {
        var m = new MediaDescription { Kind = kind, Port = Candidate.Port, Protocol = "UDP/TLS/RTP/SAVPF", Formats = [formats] };
        m.OtherLines.Add($"c=IN IP4 {Candidate.Address}");
        var a = m.Attributes;
        a.Add(new("rtcp", $"{Candidate.Port} IN IP4 {Candidate.Address}"));
        a.Add(new("candidate", $"1 1 udp 2130706431 {Candidate.Address} {Candidate.Port} typ host"));
        if (TcpCandidate is { } tcp)
            a.Add(new("candidate", $"2 1 tcp {TcpPassivePriority.ToString(CultureInfo.InvariantCulture)} {tcp.Address} {tcp.Port} typ host tcptype passive"));
        a.Add(new("end-of-candidates", null));
        a.Add(new("ice-ufrag", IceUfrag));
        a.Add(new("ice-pwd", IcePwd));
        a.Add(new("fingerprint", "sha-256 " + Fingerprint));
        a.Add(new("setup", setup));
        a.Add(new("mid", mid));
        return m;
    }
}

/// <summary>
/// Answers a browser's offer: Opus for audio, VP8 (else H.264 packetization-mode 1) for video, the
/// feedback and header extensions both sides support, directions mirrored, data channels declined
/// for now. Each section keeps its mid; everything is bundled on one transport, bundle-only sections
/// (Firefox's camera and screen) included; stopped transceivers' sections are declined.
/// </summary>
public static class AnswerBuilder
{
    // transport-cc: the relay sends publishers transport-wide feedback (Sfu/Congestion/ArrivalRecorder),
    // so their own estimators fit their encoders to the uplink to the relay; REMB still caps them at
    // what their receivers can take.
    private static readonly string[] KeptFeedback = ["nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"];
    private static readonly string[] KeptExtensions =
    [
        "urn:ietf:params:rtp-hdrext:sdes:mid",
        "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
        "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id",
        "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
        "urn:ietf:params:rtp-hdrext:ssrc-audio-level",
        "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
    ];

    public static SessionDescription Answer(SessionDescription offer, RelayEndpoint relay, ulong sessionId)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var answer = new SessionDescription();
        answer.SessionLines.AddRange(["v=0", $"o=- {sessionId.ToString(CultureInfo.InvariantCulture)} 2 IN IP4 127.0.0.1", "s=-", "t=0 0"]);
        // RFC 9143 §7.3.1: the offerer-tagged section is the first of the BUNDLE group that has a port
        // and that the relay accepts; its transport carries the whole bundle. Bundle-only sections can
        // only join such a bundle: without one they have no transport and are declined.
        var tagged = offer.BundleGroup.FirstOrDefault(mid =>
            offer.Media.FirstOrDefault(m => m.Mid == mid) is { Port: not 0 } m && PayloadTypeOf(m) is not null);
        var accepted = new List<string>();
        foreach (var m in offer.Media)
        {
            var wanted = m.Port != 0 || (tagged is not null && offer.IsBundleOnly(m));
            var section = wanted && PayloadTypeOf(m) is { } pt ? Accepted(m, pt, relay) : Declined(m);
            answer.Media.Add(section);
            if (section.Port != 0 && m.Mid is not null) accepted.Add(m.Mid);
        }
        // The answerer-tagged section goes first (§7.3); with browsers' offers it already is.
        if (tagged is not null && accepted.Remove(tagged)) accepted.Insert(0, tagged);
        answer.Attributes.Add(new SdpAttributeLine("group", "BUNDLE " + string.Join(' ', accepted)));
        answer.Attributes.Add(new SdpAttributeLine("ice-lite", null));
        answer.Attributes.Add(new SdpAttributeLine("msid-semantic", " WMS"));
        return answer;
    }

    /// <summary>The payload type the relay takes from an offered section, or null when it takes none.</summary>
    private static int? PayloadTypeOf(MediaDescription offered)
    {
        if (offered.Protocol != "UDP/TLS/RTP/SAVPF") return null;
        return offered.Kind switch
        {
            "audio" => Pick(offered, "opus/48000/2"),
            "video" => Pick(offered, "VP8/90000") ?? PickH264(offered),
            _ => null,
        };
    }

    /// <summary>
    /// Declined (RFC 8829 §5.3.1, RFC 9143 §7.3.3): port zero, the offered protocol and formats echoed,
    /// no a=bundle-only, and (in <see cref="Answer"/>) left out of BUNDLE, or the browser refuses the
    /// whole answer. A section offered with port zero and no a=bundle-only is a stopped transceiver
    /// (RFC 8829 §5.2.2) and always ends here.
    /// </summary>
    private static MediaDescription Declined(MediaDescription offered)
    {
        var declined = new MediaDescription { Kind = offered.Kind, Port = 0, Protocol = offered.Protocol, Formats = offered.Formats };
        declined.OtherLines.Add("c=IN IP4 0.0.0.0");
        if (offered.Mid is { } mid) declined.Attributes.Add(new SdpAttributeLine("mid", mid));
        return declined;
    }

    /// <summary>
    /// An accepted section, live or bundle-only alike: RFC 9143 §7.3 gives every bundled section the
    /// answerer's BUNDLE address:port (the relay's one candidate), and an answer never says bundle-only.
    /// </summary>
    private static MediaDescription Accepted(MediaDescription offered, int pt, RelayEndpoint relay)
    {
        // The protocol was checked by PayloadTypeOf, so the relay's own profile is the offered one.
        var section = relay.Section(offered.Kind, pt.ToString(CultureInfo.InvariantCulture), "passive", offered.Mid);
        var a = section.Attributes;
        foreach (var (id, uri) in offered.Extensions.OrderBy(e => e.Key))
        {
            if (KeptExtensions.Contains(uri)) a.Add(new("extmap", $"{id} {uri}"));
        }
        a.Add(new(Mirror(offered.Direction), null));
        a.Add(new("rtcp-mux", null));
        if (offered.Attributes.Any(x => x.Name == "rtcp-rsize")) a.Add(new("rtcp-rsize", null));
        a.Add(new("rtpmap", $"{pt} {offered.RtpMaps[pt]}"));
        foreach (var feedback in offered.FeedbackFor(pt).Where(KeptFeedback.Contains)) a.Add(new("rtcp-fb", $"{pt} {feedback}"));
        if (offered.Fmtps.TryGetValue(pt, out var fmtp)) a.Add(new("fmtp", $"{pt} {fmtp}"));
        foreach (var (id, direction) in offered.Rids) a.Add(new("rid", $"{id} {(direction == "send" ? "recv" : "send")}"));
        if (offered.Value("simulcast") is { } simulcast && simulcast.StartsWith("send ", StringComparison.Ordinal))
            a.Add(new("simulcast", "recv " + simulcast["send ".Length..]));
        return section;
    }

    private static string Mirror(string direction) => direction switch
    {
        "sendonly" => "recvonly",
        "recvonly" => "sendonly",
        "inactive" => "inactive",
        _ => "recvonly",
    };

    private static int? Pick(MediaDescription m, string codec) =>
        m.Formats.Select(f => int.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out var pt) ? pt : -1)
            .Where(pt => m.RtpMaps.TryGetValue(pt, out var map) && string.Equals(map, codec, StringComparison.OrdinalIgnoreCase))
            .Select(pt => (int?)pt).FirstOrDefault();

    // Only payload types of the m= line count, in its order (the offerer's preference): an a=rtpmap
    // for a type the line does not list offers nothing (found by the SDP fuzz target).
    private static int? PickH264(MediaDescription m) =>
        m.Formats.Select(f => int.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out var pt) ? pt : -1)
            .Where(pt => m.RtpMaps.TryGetValue(pt, out var map) && map.Equals("H264/90000", StringComparison.OrdinalIgnoreCase)
                && m.Fmtps.TryGetValue(pt, out var f) && f.Contains("packetization-mode=1", StringComparison.Ordinal))
            .Select(pt => (int?)pt).FirstOrDefault();
}
