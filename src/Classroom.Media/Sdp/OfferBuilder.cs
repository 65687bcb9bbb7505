using System.Globalization;
using Classroom.Media.Sfu;

namespace Classroom.Media.Sdp;

// RFC 8829 §5.2 (JSEP offers), RFC 8830 (a=msid), RFC 5576 (a=ssrc), RFC 8843 (BUNDLE: every section
// on the one transport), RFC 8842 (the offerer says actpass; the browser answers active, so the
// relay stays the DTLS server), RFC 8285 (extmap ids, the relay's own numbering).

/// <summary>
/// The relay's offer to a receiving browser: one sendonly section per track it may receive, with the
/// SSRC and msid the browser will see, in the codec the publisher sends; ended tracks leave inactive
/// sections so mids stay stable.
/// </summary>
public static class OfferBuilder
{
    private static readonly RtpCodec DefaultAudio = new("opus", 48000, 2, 111, "minptime=10;useinbandfec=1", []);
    private static readonly RtpCodec DefaultVideo = new("VP8", 90000, 1, 96, null, []);
    private static readonly string[] VideoFeedback = ["goog-remb", "ccm fir", "nack", "nack pli"];

    public static SessionDescription Offer(IReadOnlyList<SubscriptionSection> sections, RelayEndpoint relay, ulong sessionId, int version)
    {
        var offer = new SessionDescription();
        offer.SessionLines.AddRange(["v=0", string.Create(CultureInfo.InvariantCulture, $"o=- {sessionId} {version} IN IP4 127.0.0.1"), "s=-", "t=0 0"]);
        offer.Attributes.Add(new SdpAttributeLine("group", "BUNDLE " + string.Join(' ', sections.Select(s => s.Mid))));
        offer.Attributes.Add(new SdpAttributeLine("ice-lite", null));
        offer.Attributes.Add(new SdpAttributeLine("msid-semantic", " WMS *"));
        foreach (var section in sections) offer.Media.Add(Section(section, relay));
        return offer;
    }

    /// <summary>An msid token (RFC 8830 §2: token-char) made from an identifier we control.</summary>
    public static string Token(string id) => new(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());

    private static MediaDescription Section(SubscriptionSection section, RelayEndpoint relay)
    {
        var consumer = section.Consumer;
        var codec = consumer?.Producer.Codec ?? (section.Kind == "audio" ? DefaultAudio : DefaultVideo);
        var pt = (consumer?.OutputPayloadType ?? codec.CanonicalPayloadType).ToString(CultureInfo.InvariantCulture);
        var m = relay.Section(section.Kind, pt, "actpass", section.Mid);
        var a = m.Attributes;
        if (section.Kind == "audio") a.Add(new("extmap", $"{HeaderExtensions.AudioLevel} {HeaderExtensions.AudioLevelUri}"));
        a.Add(new("extmap", $"{HeaderExtensions.AbsSendTime} {HeaderExtensions.AbsSendTimeUri}"));
        // The relay stamps every packet to this subscriber with its own transport-wide number and
        // estimates the subscriber's downlink from the feedback (Sfu/Congestion).
        a.Add(new("extmap", $"{HeaderExtensions.TransportCc} {HeaderExtensions.TransportCcUri}"));
        a.Add(new(consumer is null ? "inactive" : "sendonly", null));
        var stream = consumer is null ? null : $"{Token(consumer.Producer.ParticipantId)} {Token(consumer.Producer.TrackId)}";
        if (stream is not null) a.Add(new("msid", stream));
        a.Add(new("rtcp-mux", null));
        a.Add(new("rtcp-rsize", null));
        a.Add(new("rtpmap", $"{pt} {codec.RtpMap}"));
        if (codec.IsVideo)
        {
            foreach (var feedback in VideoFeedback) a.Add(new("rtcp-fb", $"{pt} {feedback}"));
        }
        a.Add(new("rtcp-fb", $"{pt} transport-cc"));
        if (codec.Fmtp is { } fmtp) a.Add(new("fmtp", $"{pt} {fmtp}"));
        if (consumer is not null)
        {
            var ssrc = consumer.OutputSsrc.ToString(CultureInfo.InvariantCulture);
            a.Add(new("ssrc", $"{ssrc} cname:{Token(consumer.Producer.ParticipantId)}"));
            a.Add(new("ssrc", $"{ssrc} msid:{stream}"));
        }
        return m;
    }
}
