using System.Globalization;
using Classroom.Contracts;
using Classroom.Core.Errors;
using Classroom.Media.Dtls;
using Classroom.Media.Sdp;
using Classroom.Media.Sfu;

namespace Classroom.Server.Media;

/// <summary>What a publisher's offer asks for, checked: its ICE credentials, fingerprint and the tracks it sends.</summary>
public sealed record PublishOffer(SessionDescription Sdp, string Ufrag, byte[] Fingerprint, IReadOnlyList<(MediaDescription Section, string Source)> Sending)
{
    /// <summary>At most one microphone, one camera and one screen per participant.</summary>
    public const int MaxTracks = 3;

    public static PublishOffer Parse(MediaOfferRequest request)
    {
        if (!SessionDescription.TryParse(request.Sdp, out var offer, out var error)) throw Bad($"The offer is not valid SDP: {error}");
        if (offer.Media.Count == 0) throw Bad("The offer has no media.");
        if (offer.Media.Count > 8) throw Bad("Too many media sections.");
        // A stopped transceiver's section (port zero) carries nothing and may lack the transport lines.
        var first = offer.Media.FirstOrDefault(m => m.Port != 0) ?? offer.Media[0];
        var ufrag = first.IceUfrag ?? offer.Attributes.FirstOrDefault(a => a.Name == "ice-ufrag")?.Value;
        var fingerprint = first.Fingerprint ?? offer.Attributes.FirstOrDefault(a => a.Name == "fingerprint")?.Value;
        if (string.IsNullOrEmpty(ufrag) || ufrag.Length > 256 || !DtlsCertificate.TryParseSdpFingerprint(fingerprint, out var hash))
            throw Bad("The offer lacks ICE credentials or a sha-256 fingerprint.");
        var labels = (request.Tracks ?? []).Where(l => l is not null).ToDictionary(l => l.Mid ?? string.Empty, l => l.Source, StringComparer.Ordinal);
        var sending = new List<(MediaDescription, string)>();
        // Bundle-only sections (port zero, Firefox's camera and screen) send like any other; only a
        // stopped transceiver's section carries nothing.
        foreach (var m in offer.Media.Where(m => !offer.IsStopped(m) && m.Direction is "sendonly" or "sendrecv" && m.Kind is "audio" or "video"))
        {
            var source = labels.GetValueOrDefault(m.Mid ?? string.Empty) ?? (m.Kind == "audio" ? MediaSources.Microphone : MediaSources.Camera);
            var fits = (m.Kind, source) is ("audio", MediaSources.Microphone) or ("video", MediaSources.Camera) or ("video", MediaSources.Screen);
            if (!fits || m.Mid is null) throw Bad($"Section {m.Mid} cannot carry \"{source}\".");
            sending.Add((m, source));
        }
        if (sending.Count > MaxTracks || sending.Select(s => s.Item2).Distinct().Count() != sending.Count)
            throw Bad("At most one microphone, one camera and one screen.");
        return new PublishOffer(offer, ufrag, hash, sending);
    }

    public static MediaKind KindOf(string source) => source switch
    {
        MediaSources.Microphone => MediaKind.Audio,
        MediaSources.Screen => MediaKind.Screen,
        _ => MediaKind.Video,
    };

    public static string SourceOf(MediaKind kind) => kind switch
    {
        MediaKind.Audio => MediaSources.Microphone,
        MediaKind.Screen => MediaSources.Screen,
        _ => MediaSources.Camera,
    };

    /// <summary>The media SSRC of a section: the first a=ssrc that is not the repair stream of an FID group (RTX).</summary>
    public static uint SsrcOf(MediaDescription m)
    {
        var repair = m.Values("ssrc-group").Where(v => v.StartsWith("FID ", StringComparison.Ordinal))
            .SelectMany(v => v.Split(' ').Skip(2))
            .Select(s => uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var x) ? x : 0)
            .ToHashSet();
        return m.Ssrcs.FirstOrDefault(s => !repair.Contains(s));
    }

    private static ClassroomException Bad(string message) => new(ErrorCodes.MediaBadOffer, message);
}
