using System.Net;
using Classroom.Media.Dtls;
using Classroom.Media.Ice;
using Classroom.Media.Sdp;

namespace Classroom.Media.Tests.Sdp;

public sealed class AnswerBuilderTests
{
    private static readonly IceCredentials Ice = IceCredentials.Create();
    private static readonly DtlsCertificate Certificate = DtlsCertificate.CreateSelfSigned();
    private static readonly RelayEndpoint Relay = new(Ice.Ufrag, Ice.Password, Certificate.Fingerprint, new IPEndPoint(IPAddress.Parse("10.201.0.1"), 40000));

    private static SessionDescription Offer(string file)
    {
        Assert.True(SessionDescription.TryParse(ChromiumOffers.Text(file), out var offer, out var error), error);
        return offer;
    }

    private static SessionDescription Reparse(SessionDescription answer)
    {
        Assert.True(SessionDescription.TryParse(answer.ToString(), out var parsed, out var error), error);
        return parsed;
    }

    [Fact]
    public void A_publishers_offer_is_answered_ice_lite_passive_with_opus_and_vp8_received()
    {
        var answer = Reparse(AnswerBuilder.Answer(Offer("netns_gum_av_sendonly_gathered.sdp"), Relay, 42));
        Assert.Contains(answer.Attributes, a => a.Name == "ice-lite");
        Assert.Equal(["0", "1"], answer.BundleGroup);
        var (audio, video) = (answer.Media[0], answer.Media[1]);
        Assert.Equal(["111"], audio.Formats);
        Assert.Equal("opus/48000/2", audio.RtpMaps[111]);
        Assert.Equal(["96"], video.Formats);
        Assert.Equal("VP8/90000", video.RtpMaps[96]);
        Assert.Contains("nack pli", video.FeedbackFor(96));
        Assert.All(answer.Media, m =>
        {
            Assert.Equal("recvonly", m.Direction);
            Assert.Equal("passive", m.Setup);
            Assert.Equal(Ice.Ufrag, m.IceUfrag);
            Assert.True(DtlsCertificate.TryParseSdpFingerprint(m.Fingerprint, out _));
            Assert.Equal("urn:ietf:params:rtp-hdrext:sdes:mid", m.Extensions[4]);
            Assert.Equal(40000, m.Port);
            Assert.Contains(m.Attributes, a => a.Name == "rtcp-mux");
        });
    }

    [Fact]
    public void A_simulcast_offer_is_answered_with_the_rids_received()
    {
        var video = Reparse(AnswerBuilder.Answer(Offer("netns_gum_simulcast_qhf_gathered.sdp"), Relay, 1)).Media.Single(m => m.Kind == "video");
        Assert.Equal([("q", "recv"), ("h", "recv"), ("f", "recv")], video.Rids);
        Assert.Equal("recv q;h;f", video.Value("simulcast"));
        Assert.Equal("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", video.Extensions[10]);
    }

    [Fact]
    public void A_receive_only_offer_gets_send_sections_and_the_data_channel_is_declined()
    {
        var answer = Reparse(AnswerBuilder.Answer(Offer("netns_gum_recvonly_datachannel_gathered.sdp"), Relay, 1));
        Assert.Equal(["sendonly", "sendonly"], answer.Media.Take(2).Select(m => m.Direction));
        var data = answer.Media[2];
        Assert.Equal(0, data.Port);
        Assert.Equal(["0", "1"], answer.BundleGroup);
    }

    [Fact]
    public void A_stopped_transceivers_section_is_declined_and_left_out_of_bundle()
    {
        // Chromium's offer after transceiver.stop() on the video: same mid, port zero.
        var text = ChromiumOffers.Text("netns_gum_av_sendonly_gathered.sdp");
        var video = text.IndexOf("m=video ", StringComparison.Ordinal);
        var port = text.IndexOf(' ', video + 8);
        var stopped = text[..(video + 8)] + "0" + text[port..];
        Assert.True(SessionDescription.TryParse(stopped, out var offer, out var error), error);

        var answer = Reparse(AnswerBuilder.Answer(offer, Relay, 7));
        Assert.Equal(["0"], answer.BundleGroup);
        Assert.Equal(0, answer.Media[1].Port);
        Assert.Equal("1", answer.Media[1].Mid);
        Assert.Equal(40000, answer.Media[0].Port);
    }

    [Fact]
    public void H264_is_answered_only_with_a_payload_type_the_m_line_offers()
    {
        // Found by the SDP fuzz target: an a=rtpmap for H.264 whose payload type the m= line does not
        // list was answered, with a codec the browser never offered in that section.
        const string Head = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n";
        const string Section = "c=IN IP4 0.0.0.0\r\na=mid:0\r\na=sendonly\r\na=rtcp-mux\r\n"
            + "a=rtpmap:108 H264/90000\r\na=fmtp:108 packetization-mode=1;profile-level-id=42e01f\r\n"
            + "a=rtpmap:98 VP9/90000\r\na=rtpmap:102 H264/90000\r\na=fmtp:102 packetization-mode=1;profile-level-id=42e01f\r\n";
        Assert.True(SessionDescription.TryParse(Head + "m=video 9 UDP/TLS/RTP/SAVPF 98\r\n" + Section, out var withoutH264, out var error), error);
        Assert.True(SessionDescription.TryParse(Head + "m=video 9 UDP/TLS/RTP/SAVPF 98 102\r\n" + Section, out var withH264, out error), error);

        var declined = Reparse(AnswerBuilder.Answer(withoutH264, Relay, 1)).Media[0];
        Assert.Equal(0, declined.Port);
        Assert.Equal(["98"], declined.Formats);

        var accepted = Reparse(AnswerBuilder.Answer(withH264, Relay, 1)).Media[0];
        Assert.Equal(["102"], accepted.Formats);
        Assert.Equal("H264/90000", accepted.RtpMaps[102]);
    }

    /// <summary>
    /// The answers to the real Chromium 156 offers, byte for byte as the relay wrote them before it
    /// accepted bundle-only sections (Answers/*.answer.sdp, written at commit 29d6844 with this fixed
    /// endpoint): Chromium never offers bundle-only, so nothing of its negotiation may change.
    /// </summary>
    [Theory]
    [InlineData("netns_gum_av_sendonly.sdp", "chromium-156_netns_gum_av_sendonly.answer.sdp")]
    [InlineData("netns_gum_av_sendonly_gathered.sdp", "chromium-156_netns_gum_av_sendonly.answer.sdp")]
    [InlineData("netns_gum_simulcast_qhf.sdp", "chromium-156_netns_gum_simulcast_qhf.answer.sdp")]
    [InlineData("netns_gum_simulcast_qhf_gathered.sdp", "chromium-156_netns_gum_simulcast_qhf.answer.sdp")]
    [InlineData("netns_gum_recvonly_datachannel.sdp", "chromium-156_netns_gum_recvonly_datachannel.answer.sdp")]
    [InlineData("netns_gum_recvonly_datachannel_gathered.sdp", "chromium-156_netns_gum_recvonly_datachannel.answer.sdp")]
    public void Chromium_offers_are_answered_exactly_as_before(string offer, string answer)
    {
        var fixedRelay = new RelayEndpoint(
            "rLay", "relayrelayrelayrelayrela", string.Join(':', Enumerable.Repeat("5A", 32)), new IPEndPoint(IPAddress.Parse("10.201.0.1"), 40000));
        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sdp", "Answers", answer));

        Assert.Equal(expected, AnswerBuilder.Answer(Offer(offer), fixedRelay, 42).ToString());
    }
}
