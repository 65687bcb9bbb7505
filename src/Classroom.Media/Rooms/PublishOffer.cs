using System.Globalization;
using Classroom.Media.Dtls;
using Classroom.Media.Sdp;
using Classroom.Media.Sfu;

namespace Classroom.Media.Rooms;

/// <summary>What a publisher's offer asks for, checked: its ICE credentials, fingerprint and the tracks it sends.</summary>
internal sealed record PublishOffer(SessionDescription Sdp, string Ufrag, byte[] Fingerprint, IReadOnlyList<(MediaDescription Section, MediaKind Kind)> Sending)
{
    /// <summary>At most one microphone, one camera and one screen per participant.</summary>
    public const int MaxTracks = 3;

    /// <summary>Sections one offer may have.</summary>
    public const int MaxSections = 8;

    /// <param name="sdp">The browser's offer.</param>
    /// <param name="labels">What the page says each sending section carries (mid → kind); unlabelled audio is the microphone, video the camera.</param>
    public static PublishOffer Parse(string sdp, IReadOnlyDictionary<string, MediaKind>? labels)
    {
        if (!SessionDescription.TryParse(sdp, out var offer, out var error)) throw Bad($"The offer is not valid SDP: {error}");
        if (offer.Media.Count == 0) throw Bad("The offer has no media.");
        if (offer.Media.Count > MaxSections) throw Bad("Too many media sections.");
        // A stopped transceiver's section (port zero) carries nothing and may lack the transport lines.
        var first = offer.Media.FirstOrDefault(m => m.Port != 0) ?? offer.Media[0];
        var ufrag = first.IceUfrag ?? offer.Attributes.FirstOrDefault(a => a.Name == "ice-ufrag")?.Value;
        var fingerprint = first.Fingerprint ?? offer.Attributes.FirstOrDefault(a => a.Name == "fingerprint")?.Value;
        if (string.IsNullOrEmpty(ufrag) || ufrag.Length > 256 || !DtlsCertificate.TryParseSdpFingerprint(fingerprint, out var hash))
            throw Bad("The offer lacks ICE credentials or a sha-256 fingerprint.");
        var sending = new List<(MediaDescription, MediaKind)>();
        // Bundle-only sections (port zero, Firefox's camera and screen) send like any other; only a
        // stopped transceiver's section carries nothing.
        foreach (var m in offer.Media.Where(m => !offer.IsStopped(m) && m.Direction is "sendonly" or "sendrecv" && m.Kind is "audio" or "video"))
        {
            MediaKind? labelled = labels is not null && m.Mid is not null && labels.TryGetValue(m.Mid, out var k) ? k : null;
            var kind = labelled ?? (m.Kind == "audio" ? MediaKind.Audio : MediaKind.Video);
            var fits = (m.Kind, kind) is ("audio", MediaKind.Audio) or ("video", MediaKind.Video) or ("video", MediaKind.Screen);
            if (!fits || m.Mid is null) throw Bad($"Section {m.Mid} cannot carry {kind}.");
            sending.Add((m, kind));
        }
        if (sending.Count > MaxTracks || sending.Select(s => s.Item2).Distinct().Count() != sending.Count)
            throw Bad("At most one microphone, one camera and one screen.");
        return new PublishOffer(offer, ufrag, hash, sending);
    }

    /// <summary>The media SSRC of a section: the first a=ssrc that is not the repair stream of an FID group (RTX).</summary>
    public static uint SsrcOf(MediaDescription m)
    {
        var repair = m.Values("ssrc-group").Where(v => v.StartsWith("FID ", StringComparison.Ordinal))
            .SelectMany(v => v.Split(' ').Skip(2))
            .Select(s => uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var x) ? x : 0)
            .ToHashSet();
        return m.Ssrcs.FirstOrDefault(s => !repair.Contains(s));
    }

    /// <summary>
    /// The rids a section sends as simulcast layers, in a=simulcast order (RFC 8853 §5.1: "send"
    /// then ';'-separated streams, each a ','-separated list of alternatives, '~' marking a paused
    /// one; the first alternative names the stream), limited to rids the section declares with
    /// a=rid ... send (RFC 8851). Empty for a section without simulcast.
    /// </summary>
    public static IReadOnlyList<string> SimulcastRids(MediaDescription m)
    {
        var value = m.Value("simulcast");
        if (value is null || !value.StartsWith("send ", StringComparison.Ordinal)) return [];
        var declared = m.Rids.Where(r => r.Direction == "send").Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var streams = value["send ".Length..].Split(' ', 2)[0];
        if (streams.StartsWith("rid=", StringComparison.Ordinal)) streams = streams["rid=".Length..];
        return streams.Split(';').Select(s => s.Split(',')[0].TrimStart('~'))
            .Where(rid => rid.Length is > 0 and <= 16 && declared.Contains(rid)).Distinct(StringComparer.Ordinal).ToList();
    }

    private static MediaControlException Bad(string message) => new(MediaControlError.BadOffer, message);
}
