using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Classroom.Media.Dtls;
using Classroom.Media.Sdp;

namespace Classroom.Testing.Media;

// The SDP side of the synthetic browser: what it writes (RFC 8829 offers and answers as Chromium
// shapes them, with our one host candidate, RFC 8839) and what it needs from the other side's
// description to connect: a reachable UDP candidate, ICE credentials, the DTLS fingerprint and
// setup role (RFC 8842), and whether the other side is ICE-lite (RFC 8445 §5.1.1).

/// <summary>What the synthetic peer reads from the remote description before it connects.</summary>
public sealed record RemoteTransport(
    IPEndPoint Candidate,
    string IceUfrag,
    string IcePwd,
    byte[] Fingerprint,
    string Setup,
    bool IceLite)
{
    /// <summary>The remote side offered (a=setup:actpass); we answered active.</summary>
    public bool RemoteOffered => Setup == "actpass";

    /// <summary>RFC 8445 §6.1.1: the offerer controls unless one side is lite (then the full side controls).</summary>
    public bool WeControlIce => IceLite || !RemoteOffered;

    /// <summary>RFC 8842 §5: an answerer that said active is the DTLS client, so we are the server.</summary>
    public bool WeAreDtlsServer => Setup == "active";
}

/// <summary>Offers, answers and remote-description reading for <see cref="SyntheticPeer"/>.</summary>
public static class SyntheticSdp
{
    /// <summary>
    /// A publishing offer like Chromium's: Opus and/or VP8, sendonly, one SSRC each with msid and
    /// cname, BUNDLE and rtcp-mux, our host candidate and end-of-candidates.
    /// </summary>
    /// <param name="videoRids">Simulcast layers of the camera, lowest first: then its section has a=rid and a=simulcast:send and no a=ssrc, as Chromium's.</param>
    public static string Offer(SyntheticPeer peer, uint? audioSsrc, uint? videoSsrc, string? screenMid, uint? screenSsrc, IReadOnlyList<string>? videoRids = null)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var sb = new StringBuilder();
        var mids = new List<string>();
        if (audioSsrc is not null) mids.Add("0");
        if (videoSsrc is not null) mids.Add("1");
        if (screenSsrc is not null) mids.Add(screenMid ?? "2");
        Header(sb);
        sb.Append("a=group:BUNDLE ").Append(string.Join(' ', mids)).Append("\r\na=msid-semantic: WMS\r\n");
        if (audioSsrc is { } a)
        {
            Section(sb, peer, "audio", "0", "111", a);
            sb.Append("a=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n");
        }
        if (videoSsrc is { } v) Video(sb, peer, "1", v, videoRids);
        if (screenSsrc is { } s) Video(sb, peer, screenMid ?? "2", s);
        return sb.ToString();
    }

    /// <summary>
    /// The answer a browser gives to a receiving offer: every audio/video section accepted recvonly
    /// with the offered formats (inactive stays inactive), data channels declined (port 0, out of BUNDLE).
    /// </summary>
    public static string Answer(SyntheticPeer peer, string offerText)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (!SessionDescription.TryParse(offerText, out var offer, out var error)) throw new FormatException(error);
        var accepted = offer.Media.Where(IsRtp).Select(m => m.Mid).ToList();
        var sb = new StringBuilder();
        Header(sb);
        sb.Append("a=group:BUNDLE ").Append(string.Join(' ', accepted)).Append("\r\n");
        foreach (var m in offer.Media)
        {
            if (!IsRtp(m))
            {
                sb.Append(CultureInfo.InvariantCulture, $"m={m.Kind} 0 {m.Protocol} {string.Join(' ', m.Formats)}\r\nc=IN IP4 0.0.0.0\r\na=mid:{m.Mid}\r\n");
                continue;
            }
            sb.Append(CultureInfo.InvariantCulture, $"m={m.Kind} 9 {m.Protocol} {string.Join(' ', m.Formats)}\r\nc=IN IP4 0.0.0.0\r\n");
            Transport(sb, peer, "active");
            sb.Append(CultureInfo.InvariantCulture, $"a=mid:{m.Mid}\r\na={(m.Direction == "inactive" ? "inactive" : "recvonly")}\r\na=rtcp-mux\r\n");
            foreach (var map in m.Values("rtpmap")) sb.Append("a=rtpmap:").Append(map).Append("\r\n");
        }
        return sb.ToString();
    }

    /// <summary>The payload type the description gives <paramref name="codec"/> (e.g. "opus", "VP8") in its first section of <paramref name="kind"/>.</summary>
    public static int? PayloadType(string sdpText, string kind, string codec)
    {
        if (!SessionDescription.TryParse(sdpText, out var sdp, out var error)) throw new FormatException(error);
        return sdp.Media.Where(m => m.Kind == kind && m.Port != 0)
            .SelectMany(m => m.RtpMaps)
            .Where(p => p.Value.Split('/')[0].Equals(codec, StringComparison.OrdinalIgnoreCase))
            .Select(p => (int?)p.Key)
            .FirstOrDefault();
    }

    /// <summary>The a=ssrc SSRCs the description announces for sections of <paramref name="kind"/>.</summary>
    public static IReadOnlyList<uint> Ssrcs(string sdpText, string kind)
    {
        if (!SessionDescription.TryParse(sdpText, out var sdp, out var error)) throw new FormatException(error);
        return sdp.Media.Where(m => m.Kind == kind && m.Port != 0).SelectMany(m => m.Ssrcs).ToList();
    }

    /// <summary>
    /// Reads the remote transport: credentials and fingerprint from the first bundled section (or the
    /// session level, where Janus puts its fingerprint), and the best UDP candidate of our address
    /// family from any section (host before server-reflexive before relay, then by priority).
    /// </summary>
    public static RemoteTransport ReadRemote(string sdpText, AddressFamily family) => ReadRemote(sdpText, family, "udp");

    /// <summary>As <see cref="ReadRemote(string, AddressFamily)"/>, for candidates of <paramref name="transport"/> ("udp", or "tcp" for a passive ICE-TCP one).</summary>
    public static RemoteTransport ReadRemote(string sdpText, AddressFamily family, string transport)
    {
        if (!SessionDescription.TryParse(sdpText, out var sdp, out var error)) throw new FormatException(error);
        var m = sdp.Media.FirstOrDefault(x => x.Port != 0) ?? throw new FormatException("no accepted media section");
        string? Find(string name) => m.Value(name) ?? sdp.Attributes.FirstOrDefault(a => a.Name == name)?.Value;
        var ufrag = Find("ice-ufrag") ?? throw new FormatException("no a=ice-ufrag");
        var pwd = Find("ice-pwd") ?? throw new FormatException("no a=ice-pwd");
        if (!DtlsCertificate.TryParseSdpFingerprint(Find("fingerprint"), out var fingerprint)) throw new FormatException("no sha-256 a=fingerprint");
        var setup = Find("setup") ?? "actpass";
        var iceLite = sdp.Attributes.Any(a => a.Name == "ice-lite");
        var candidates = sdp.Attributes.Where(a => a.Name == "candidate" && a.Value is not null).Select(a => a.Value!)
            .Concat(sdp.Media.Where(x => x.Port != 0).SelectMany(x => x.Values("candidate")));
        var best = candidates.Select(c => ParseCandidate(c, family, transport)).Where(c => c is not null).Select(c => c!.Value)
            .OrderBy(c => c.TypeRank).ThenByDescending(c => c.Priority).FirstOrDefault();
        if (best.EndPoint is null) throw new FormatException($"no {transport} {family} candidate in the remote description");
        return new RemoteTransport(best.EndPoint, ufrag, pwd, fingerprint, setup, iceLite);
    }

    /// <summary>RFC 8839 §5.1: "foundation component transport priority address port typ type ...".</summary>
    private static (IPEndPoint EndPoint, long Priority, int TypeRank)? ParseCandidate(string value, AddressFamily family, string transport)
    {
        var p = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (p.Length < 8 || p[1] != "1" || !p[2].Equals(transport, StringComparison.OrdinalIgnoreCase) || p[6] != "typ") return null;
        // RFC 6544 §4.5: only a passive candidate takes our connection.
        if (transport == "tcp" && !value.Contains("tcptype passive", StringComparison.Ordinal)) return null;
        if (!IPAddress.TryParse(p[4], out var address) || address.AddressFamily != family) return null;
        if (!int.TryParse(p[5], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > 65535) return null;
        _ = long.TryParse(p[3], NumberStyles.None, CultureInfo.InvariantCulture, out var priority);
        var rank = p[7] switch { "host" => 0, "srflx" => 1, "prflx" => 2, _ => 3 };
        return (new IPEndPoint(address, port), priority, rank);
    }

    private static bool IsRtp(MediaDescription m) => m.Port != 0 && m.Kind is "audio" or "video";

    private static void Header(StringBuilder sb) =>
        sb.Append(CultureInfo.InvariantCulture, $"v=0\r\no=- {Random.Shared.NextInt64(1, long.MaxValue)} 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");

    private static void Video(StringBuilder sb, SyntheticPeer peer, string mid, uint ssrc, IReadOnlyList<string>? rids = null)
    {
        var simulcast = rids is { Count: > 0 };
        Section(sb, peer, "video", mid, "96", ssrc, withSsrc: !simulcast);
        sb.Append("a=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 goog-remb\r\na=rtcp-fb:96 ccm fir\r\na=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\n");
        if (!simulcast) return;
        sb.Append("a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n");
        foreach (var rid in rids!) sb.Append(CultureInfo.InvariantCulture, $"a=rid:{rid} send\r\n");
        sb.Append("a=simulcast:send ").Append(string.Join(';', rids!)).Append("\r\n");
    }

    private static void Section(StringBuilder sb, SyntheticPeer peer, string kind, string mid, string formats, uint ssrc, bool withSsrc = true)
    {
        sb.Append(CultureInfo.InvariantCulture, $"m={kind} 9 UDP/TLS/RTP/SAVPF {formats}\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n");
        Transport(sb, peer, "actpass");
        sb.Append(CultureInfo.InvariantCulture, $"a=mid:{mid}\r\n");
        sb.Append("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n");
        sb.Append("a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n");
        sb.Append("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"a=sendonly\r\na=msid:synthetic {kind}{mid}\r\na=rtcp-mux\r\na=rtcp-rsize\r\n");
        if (withSsrc) sb.Append(CultureInfo.InvariantCulture, $"a=ssrc:{ssrc} cname:synthetic\r\na=ssrc:{ssrc} msid:synthetic {kind}{mid}\r\n");
    }

    private static void Transport(StringBuilder sb, SyntheticPeer peer, string setup)
    {
        var local = peer.LocalEndPoint;
        sb.Append(CultureInfo.InvariantCulture, $"a=ice-ufrag:{peer.Local.Ufrag}\r\na=ice-pwd:{peer.Local.Password}\r\na=ice-options:trickle\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"a=fingerprint:sha-256 {peer.Fingerprint}\r\na=setup:{setup}\r\n");
        // RFC 8839 §5.1 host candidate (type preference 126, local preference 65535, component 1).
        sb.Append(CultureInfo.InvariantCulture, $"a=candidate:1 1 udp 2130706431 {local.Address} {local.Port} typ host\r\na=end-of-candidates\r\n");
    }
}
