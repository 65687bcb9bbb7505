// RFC 8866 §5 (SDP lines and media sections) and RFC 8829 §5.3.1 (an answer has one m= section per
// offered one): fuzz target for SessionDescription.TryParse, the attribute readers of MediaDescription
// and AnswerBuilder.Answer, seeded with the real Chromium 156 offers (and Firefox ESR 153's).
using System.Globalization;
using System.Net;
using Classroom.Media.Sdp;
using Classroom.Media.Tests.Sdp;

namespace Classroom.Media.Tests.Fuzz;

public sealed class SdpFuzzTests
{
    // A whole 6 KB offer costs about 0.4 ms to parse, print, re-parse and answer (half of it in the
    // answer builder's codec pick), so a million of them would take minutes on the 2-core CI runner.
    // The million inputs are therefore small offers cut from the real ones: "v=0", a BUNDLE group, one
    // real m= line, half the time its first rtpmap, one or two of its other lines, then mutated (about
    // 10 µs each, 6-12 s in all). They run the same per-line and per-attribute code; 5,000 mutated
    // whole offers (2-3 s) run beside them for what only a full offer reaches.
    private const int SectionInputs = 1_000_000;
    private const int OfferInputs = 5_000;

    private const string SessionHeader = "v=0\r\na=group:BUNDLE 0 1\r\n";

    private static readonly string[] Files =
    [
        "netns_gum_av_sendonly.sdp", "netns_gum_av_sendonly_gathered.sdp",
        "netns_gum_simulcast_qhf.sdp", "netns_gum_simulcast_qhf_gathered.sdp",
        "netns_gum_recvonly_datachannel.sdp", "netns_gum_recvonly_datachannel_gathered.sdp",
    ];

    private static readonly RelayEndpoint Relay = new(
        "fUzZ", "fuzzfuzzfuzzfuzzfuzzfuzz", string.Join(':', Enumerable.Repeat("AB", 32)), new IPEndPoint(IPAddress.Parse("10.201.0.1"), 40000));

    [Fact]
    public void A_million_mutated_media_sections_are_refused_or_parsed_and_answered()
    {
        // Each media section of each offer as its lines (CRLF kept): m= line first, then the rest.
        var sections = Files.Select(ChromiumOffers.Text).SelectMany(Sections)
            .Select(lines => (Lines: lines, Codec: Math.Max(1, Array.FindIndex(lines, l => l.StartsWith("a=rtpmap:", StringComparison.Ordinal)))))
            .ToArray();
        var random = new Random(8866_2);
        var mutator = new TextMutator(random);
        var buffer = new char[8192];
        var parsed = 0;
        var answered = 0;
        for (var i = 0; i < SectionInputs; i++)
        {
            var (section, codec) = sections[i % sections.Length];
            var length = Append(buffer, 0, SessionHeader);
            length = Append(buffer, length, section[0]);
            // Half the inputs carry the section's first rtpmap, so the answer has a codec to accept.
            if (random.Next(2) == 0) length = Append(buffer, length, section[codec]);
            for (var l = random.Next(1, 3); l > 0; l--) length = Append(buffer, length, section[random.Next(1, section.Length)]);
            length = mutator.Mutate(buffer, length);
            var text = new string(buffer, 0, length);
            var (p, a) = Exercise(text, i);
            parsed += p;
            answered += a;
        }

        Assert.True(parsed > SectionInputs / 2, $"only {parsed} parsed");
        Assert.True(answered > SectionInputs / 10, $"only {answered} sections accepted in answers");
    }

    [Fact]
    public void Mutated_whole_browser_offers_are_refused_or_parsed_and_answered()
    {
        // Firefox's offer beside Chromium's: its bundle-only camera section takes the other branch of the answer.
        var offers = Files.Select(ChromiumOffers.Text).Append(ChromiumOffers.SharedTestData("firefox-153", "publisher_offer_mic_camera.sdp")).ToArray();
        var random = new Random(8866_3);
        var mutator = new TextMutator(random);
        var buffer = new char[16384];
        var parsed = 0;
        var answered = 0;
        for (var i = 0; i < OfferInputs; i++)
        {
            var offer = offers[i % offers.Length];
            offer.CopyTo(buffer);
            var length = mutator.Mutate(buffer, offer.Length);
            var (p, a) = Exercise(new string(buffer, 0, length), i);
            parsed += p;
            answered += a;
        }

        Assert.True(parsed > OfferInputs / 2, $"only {parsed} parsed");
        Assert.True(answered > OfferInputs, $"only {answered} sections accepted in answers");
    }

    private static IEnumerable<string[]> Sections(string offer)
    {
        var lines = offer.Split('\n').Where(l => l.Length > 0).Select(l => l + "\n").ToList();
        var starts = lines.Select((line, index) => (line, index)).Where(x => x.line.StartsWith("m=", StringComparison.Ordinal)).Select(x => x.index).Append(lines.Count).ToList();
        for (var s = 0; s + 1 < starts.Count; s++) yield return lines.GetRange(starts[s], starts[s + 1] - starts[s]).ToArray();
    }

    private static int Append(char[] buffer, int length, string text)
    {
        text.CopyTo(buffer.AsSpan(length));
        return length + text.Length;
    }

    /// <summary>Parses, re-parses the printout, reads every attribute the relay uses and answers. Returns (parsed, accepted sections).</summary>
    private static (int Parsed, int Accepted) Exercise(string text, int i)
    {
        try
        {
            if (!SessionDescription.TryParse(text, out var offer, out var error))
            {
                Check(!string.IsNullOrEmpty(error), "refused without a reason", i, text);
                return (0, 0);
            }

            var printed = offer.ToString();
            Check(SessionDescription.TryParse(printed, out var again, out error), "its printout does not parse: " + error, i, text);
            Check(
                again.Media.Count == offer.Media.Count && again.SessionLines.Count == offer.SessionLines.Count && again.Attributes.Count == offer.Attributes.Count,
                "its printout parses to a different shape",
                i,
                text);
            Check(again.ToString() == printed, "printing is not stable", i, text);
            _ = offer.BundleGroup;
            foreach (var m in offer.Media)
            {
                _ = (m.Mid, m.IceUfrag, m.IcePwd, m.Setup, m.Fingerprint, m.Direction, m.Extensions, m.Rids, m.Ssrcs);
                // FeedbackFor scans every attribute, so ask for the first few offered formats only.
                foreach (var format in m.Formats.Take(3)) _ = int.TryParse(format, NumberStyles.None, CultureInfo.InvariantCulture, out var pt) ? m.FeedbackFor(pt) : [];
                _ = (m.RtpMaps, m.Fmtps);
            }

            var answer = AnswerBuilder.Answer(offer, Relay, 1);
            Check(answer.Media.Count == offer.Media.Count, "answer has a different number of m= sections", i, text);
            Check(SessionDescription.TryParse(answer.ToString(), out var reparsed, out error) && reparsed.Media.Count == offer.Media.Count, "answer does not parse: " + error, i, text);
            return (1, answer.Media.Count(m => m.Port != 0));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"input #{i} {Literal(text)} threw: {e}");
            return (0, 0);
        }
    }

    private static void Check(bool condition, string what, int i, string text)
    {
        if (!condition) Assert.Fail($"input #{i} {Literal(text)}: {what}");
    }

    // The input as a C# string literal, so a failure can be pasted into a unit test as it is.
    private static string Literal(string text)
    {
        var sb = new System.Text.StringBuilder("\"");
        foreach (var c in text)
        {
            _ = c switch
            {
                '\r' => sb.Append("\\r"),
                '\n' => sb.Append("\\n"),
                '"' or '\\' => sb.Append('\\').Append(c),
                < ' ' or > '~' => sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)),
                _ => sb.Append(c),
            };
        }

        return sb.Append('"').ToString();
    }
}
