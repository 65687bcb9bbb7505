// RFC 8866 §5 (SDP lines and media sections), RFC 8829 §5.3.1 (an answer has one m= section per offered
// one) and the attributes WebRTC reads (RFC 8843 BUNDLE, RFC 8851 rid, RFC 8285 extmap, RFC 4585
// rtcp-fb, RFC 8122 fingerprint): fuzz target for SessionDescription.TryParse, every typed read of
// MediaDescription, the fingerprint parser, the extension renumbering map and AnswerBuilder.Answer on
// what parses. An offer arrives as a hub string, so the input is decoded as UTF-8.
using System.Globalization;
using System.Net;
using System.Text;
using Classroom.Media.Dtls;
using Classroom.Media.Sdp;
using Classroom.Media.Sfu;

namespace Classroom.Media.Fuzz.Targets;

public static class SdpTarget
{
    private static readonly RelayEndpoint Relay = new(
        "fUzZ", "fuzzfuzzfuzzfuzzfuzzfuzz", string.Join(':', Enumerable.Repeat("AB", 32)), new IPEndPoint(IPAddress.Parse("10.201.0.1"), 40000));

    public static void Run(ReadOnlySpan<byte> input)
    {
        var text = Encoding.UTF8.GetString(input);
        if (!SessionDescription.TryParse(text, out var offer, out var error))
        {
            Fuzz.Check(!string.IsNullOrEmpty(error), "refused without a reason");
            return;
        }

        // "Prints back as read": the printout parses to the same shape and prints the same again.
        var printed = offer.ToString();
        Fuzz.Check(SessionDescription.TryParse(printed, out var again, out error), "its printout does not parse: " + error);
        Fuzz.Check(again.Media.Count == offer.Media.Count && again.SessionLines.Count == offer.SessionLines.Count
            && again.Attributes.Count == offer.Attributes.Count, "its printout parses to another shape");
        Fuzz.Check(again.ToString() == printed, "printing is not stable");

        _ = offer.BundleGroup;
        foreach (var m in offer.Media) Read(offer, m);

        var answer = AnswerBuilder.Answer(offer, Relay, 1);
        Fuzz.Check(answer.Media.Count == offer.Media.Count, "the answer has another number of m= sections");
        Fuzz.Check(SessionDescription.TryParse(answer.ToString(), out var reparsed, out error) && reparsed.Media.Count == offer.Media.Count,
            "the answer does not parse: " + error);
        for (var i = 0; i < answer.Media.Count; i++)
        {
            var section = answer.Media[i];
            Fuzz.Check(section.Mid == offer.Media[i].Mid, "an answered section lost its mid");
            if (section.Port == 0) continue;
            // An accepted section carries exactly one codec, one the offer's m= line listed. Payload
            // types compare as numbers: an offered "096" is payload type 96, answered as "96".
            Fuzz.Check(section.Formats.Count == 1 && section.RtpMaps.Count == 1
                && offer.Media[i].Formats.Any(f => int.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out var pt) && pt.ToString(CultureInfo.InvariantCulture) == section.Formats[0]),
                $"an accepted section with other than one offered codec: answered [{string.Join(' ', section.Formats)}], offered [{string.Join(' ', offer.Media[i].Formats)}]");
        }
    }

    /// <summary>Every read the relay makes of a section, as negotiation does.</summary>
    private static void Read(SessionDescription offer, MediaDescription m)
    {
        _ = (m.Mid, m.IceUfrag, m.IcePwd, m.Setup, m.Direction, m.Rids, m.Ssrcs, offer.IsBundleOnly(m), offer.IsStopped(m));
        if (DtlsCertificate.TryParseSdpFingerprint(m.Fingerprint, out var hash)) Fuzz.Check(hash.Length == 32, "a SHA-256 fingerprint that is not 32 bytes");
        var extensions = m.Extensions;
        if (HeaderExtensions.MapFor(extensions) is { } map) Fuzz.Check(map.Length == 16, "an extension map not covering every one-byte id");
        _ = (m.RtpMaps, m.Fmtps);
        // FeedbackFor scans every attribute: ask for the first few formats.
        foreach (var format in m.Formats.Take(4))
        {
            if (int.TryParse(format, NumberStyles.None, CultureInfo.InvariantCulture, out var pt)) _ = m.FeedbackFor(pt);
        }
    }
}
