using System.Net;
using Classroom.Media.Sdp;

namespace Classroom.Media.Tests.Sdp;

/// <summary>
/// Real SDP from Debian's Firefox ESR 153 (../shared/testdata/firefox-153): under max-bundle it offers
/// the camera as a bundle-only section (port zero, a=bundle-only, mid in BUNDLE; RFC 8843 §6), which
/// the relay accepts into the bundle, while a stopped transceiver's port zero stays declined.
/// </summary>
public sealed class FirefoxSdpTests
{
    private const string Folder = "firefox-153";
    private const string MidUri = "urn:ietf:params:rtp-hdrext:sdes:mid";
    private const string AbsSendTimeUri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    private const string AudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    private const string TransportCcUri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    private static readonly RelayEndpoint Relay = new(
        "rLay", "relayrelayrelayrelayrela", string.Join(':', Enumerable.Repeat("5A", 32)), new IPEndPoint(IPAddress.Parse("10.201.0.1"), 40000));

    private static string Text(string name) => ChromiumOffers.SharedTestData(Folder, name);

    private static SessionDescription Parse(string text)
    {
        Assert.True(SessionDescription.TryParse(text, out var sdp, out var error), error);
        return sdp;
    }

    private static SessionDescription Answer(string offerText) => Parse(AnswerBuilder.Answer(Parse(offerText), Relay, 9).ToString());

    /// <summary>The publishing offer with one line of the camera section (mid 1) replaced, or removed when <paramref name="with"/> is null.</summary>
    private static string Edited(string line, string? with)
    {
        var text = Text("publisher_offer_mic_camera.sdp");
        var at = text.IndexOf(line + "\r\n", StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{line}' is not in the offer");
        return text[..at] + (with is null ? string.Empty : with + "\r\n") + text[(at + line.Length + 2)..];
    }

    [Theory]
    [InlineData("publisher_offer_mic_camera.sdp")]
    [InlineData("relay_offer_to_firefox.sdp")]
    [InlineData("subscriber_answer.sdp")]
    public void Every_file_round_trips_byte_for_byte(string file)
    {
        var text = Text(file);
        Assert.Equal(text, Parse(text).ToString());
    }

    [Fact]
    public void The_camera_section_is_bundle_only_and_not_a_stopped_transceiver()
    {
        var offer = Parse(Text("publisher_offer_mic_camera.sdp"));
        var (audio, video) = (offer.Media[0], offer.Media[1]);
        Assert.Equal(["0", "1"], offer.BundleGroup);
        Assert.Equal((0, "sendonly"), (video.Port, video.Direction));
        Assert.True(offer.IsBundleOnly(video));
        Assert.False(offer.IsStopped(video));
        Assert.False(offer.IsBundleOnly(audio));
        Assert.False(offer.IsStopped(audio));
    }

    [Fact]
    public void The_firefox_offer_is_answered_with_the_camera_accepted_into_the_bundle()
    {
        var answer = Answer(Text("publisher_offer_mic_camera.sdp"));

        Assert.Equal(["0", "1"], answer.BundleGroup);
        var (audio, video) = (answer.Media[0], answer.Media[1]);
        Assert.All(answer.Media, m =>
        {
            // RFC 9143 §7.3: every bundled section carries the answerer's BUNDLE address:port, and an
            // answer never says bundle-only.
            Assert.Equal(40000, m.Port);
            Assert.Contains("c=IN IP4 10.201.0.1", m.OtherLines);
            Assert.DoesNotContain(m.Attributes, a => a.Name == "bundle-only");
            Assert.Equal("recvonly", m.Direction);
            Assert.Equal("passive", m.Setup);
            Assert.Equal(Relay.IceUfrag, m.IceUfrag);
            Assert.Contains(m.Attributes, a => a.Name == "rtcp-mux");
            // The relay learns SSRCs from the offer; it announces none of its own on a receiving section.
            Assert.Empty(m.Ssrcs);
        });
        Assert.Equal("1", video.Mid);

        // Firefox's numbering is kept: VP8 is 120 (its RTX 124, VP9, AV1, RED and ULPFEC are left out).
        Assert.Equal(["120"], video.Formats);
        Assert.Equal("VP8/90000", video.RtpMaps[120]);
        Assert.Equal("max-fs=12288;max-fr=60", video.Fmtps[120]);
        Assert.Equal(["nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"], video.FeedbackFor(120));
        // mid, abs-send-time and transport-cc under Firefox's ids; toffset and playout-delay are not negotiated.
        Assert.Equal(new Dictionary<int, string> { [3] = MidUri, [4] = AbsSendTimeUri, [7] = TransportCcUri }, video.Extensions);

        Assert.Equal(["109"], audio.Formats);
        Assert.Equal("opus/48000/2", audio.RtpMaps[109]);
        Assert.Equal(["transport-cc"], audio.FeedbackFor(109));
        Assert.Equal(new Dictionary<int, string> { [1] = AudioLevelUri, [3] = MidUri, [7] = TransportCcUri }, audio.Extensions);
    }

    [Fact]
    public void Port_zero_without_bundle_only_is_a_stopped_transceiver_and_stays_declined()
    {
        var answer = Answer(Edited("a=bundle-only", null));

        Assert.Equal(["0"], answer.BundleGroup);
        Assert.Equal((0, "1"), (answer.Media[1].Port, answer.Media[1].Mid));
        Assert.Equal(Parse(Text("publisher_offer_mic_camera.sdp")).Media[1].Formats, answer.Media[1].Formats);
        Assert.DoesNotContain(answer.Media[1].Attributes, a => a.Name is "bundle-only" or "recvonly" or "ice-ufrag");
        Assert.Equal(40000, answer.Media[0].Port);
    }

    [Fact]
    public void A_bundle_only_section_whose_mid_is_not_in_the_bundle_group_is_declined()
    {
        var answer = Answer(Edited("a=mid:1", "a=mid:9"));

        Assert.Equal(["0"], answer.BundleGroup);
        Assert.Equal((0, "9"), (answer.Media[1].Port, answer.Media[1].Mid));
    }

    [Fact]
    public void Without_a_live_section_to_carry_the_bundle_a_bundle_only_section_is_declined()
    {
        // The microphone section has no Opus: the relay declines it, so nothing carries the bundle
        // (RFC 9143 §7.3.1: the tagged section must have a port) and the camera cannot be accepted.
        var text = Text("publisher_offer_mic_camera.sdp").Replace("a=rtpmap:109 opus/48000/2", "a=rtpmap:109 speex/48000/2", StringComparison.Ordinal);
        var answer = Answer(text);

        Assert.Equal([0, 0], answer.Media.Select(m => m.Port));
        Assert.Empty(answer.BundleGroup);
    }

    [Fact]
    public void Firefox_answers_the_relays_offer_as_the_dtls_client_with_every_section_received()
    {
        var answer = Parse(Text("subscriber_answer.sdp"));

        Assert.Equal(answer.Media.Select(m => m.Mid), answer.BundleGroup);
        Assert.All(answer.Media, m =>
        {
            // Port 9 in a bundled section is the JSEP placeholder, not a rejection.
            Assert.NotEqual(0, m.Port);
            Assert.Equal(("recvonly", "active"), (m.Direction, m.Setup));
            Assert.False(string.IsNullOrEmpty(m.IceUfrag));
        });
        // Firefox puts the fingerprint at session level only: the relay reads it there.
        Assert.Null(answer.Media[0].Fingerprint);
        Assert.StartsWith("sha-256 ", answer.Attributes.Single(a => a.Name == "fingerprint").Value, StringComparison.Ordinal);
    }

    [Fact]
    public void The_relays_offer_to_firefox_has_no_bundle_only_section_and_one_transport()
    {
        var offer = Parse(Text("relay_offer_to_firefox.sdp"));

        Assert.Equal(offer.Media.Select(m => m.Mid), offer.BundleGroup);
        Assert.Single(offer.Media.Select(m => m.Port).Distinct());
        Assert.All(offer.Media, m => Assert.False(offer.IsBundleOnly(m) || offer.IsStopped(m)));
    }
}
