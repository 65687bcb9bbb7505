using Classroom.Media.Sdp;

namespace Classroom.Media.Tests.Sdp;

/// <summary>Real offers from Chromium 156 (../shared/testdata/chromium-156) parse, read and print back unchanged.</summary>
public sealed class ChromiumOfferTests
{
    private static string Offer(string name) => ChromiumOffers.Text(name);

    public static TheoryData<string> Files => new()
    {
        "netns_gum_av_sendonly.sdp", "netns_gum_av_sendonly_gathered.sdp",
        "netns_gum_simulcast_qhf.sdp", "netns_gum_simulcast_qhf_gathered.sdp",
        "netns_gum_recvonly_datachannel.sdp", "netns_gum_recvonly_datachannel_gathered.sdp",
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_offer_round_trips_byte_for_byte(string file)
    {
        var text = Offer(file);
        Assert.True(SessionDescription.TryParse(text, out var sdp, out var error), error);
        Assert.Equal(text, sdp.ToString());
        Assert.All(sdp.Media, m => Assert.NotNull(m.Mid));
        Assert.Equal(sdp.Media.Select(m => m.Mid), sdp.BundleGroup);
    }

    [Fact]
    public void The_audio_and_video_offer_has_what_the_relay_negotiates()
    {
        Assert.True(SessionDescription.TryParse(Offer("netns_gum_av_sendonly_gathered.sdp"), out var sdp, out _));
        var audio = sdp.Media[0];
        var video = sdp.Media[1];
        Assert.Equal(("audio", "video"), (audio.Kind, video.Kind));
        Assert.Equal("sendonly", audio.Direction);
        Assert.Equal("opus/48000/2", audio.RtpMaps[111]);
        Assert.Contains("useinbandfec=1", audio.Fmtps[111], StringComparison.Ordinal);
        Assert.Equal(["transport-cc"], audio.FeedbackFor(111));
        Assert.Equal("VP8/90000", video.RtpMaps[96]);
        Assert.Contains("nack pli", video.FeedbackFor(96));
        Assert.Equal("urn:ietf:params:rtp-hdrext:sdes:mid", audio.Extensions[4]);
        Assert.Equal("actpass", audio.Setup);
        Assert.StartsWith("sha-256 ", audio.Fingerprint, StringComparison.Ordinal);
        Assert.Equal(32, audio.Fingerprint!["sha-256 ".Length..].Split(':').Length);
        Assert.False(string.IsNullOrEmpty(audio.IceUfrag));
        Assert.True(audio.IcePwd!.Length >= 22);
        Assert.NotEmpty(audio.Ssrcs);
    }

    [Fact]
    public void The_simulcast_offer_names_three_rids_and_no_ssrc_so_ssrcs_come_from_the_mid_and_rid_extensions()
    {
        Assert.True(SessionDescription.TryParse(Offer("netns_gum_simulcast_qhf_gathered.sdp"), out var sdp, out _));
        var video = sdp.Media.Single(m => m.Kind == "video");
        Assert.Equal([("q", "send"), ("h", "send"), ("f", "send")], video.Rids);
        Assert.Equal("send q;h;f", video.Value("simulcast"));
        Assert.Empty(video.Ssrcs);
        Assert.Equal("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", video.Extensions[10]);
    }

    [Fact]
    public void The_receive_only_offer_with_a_data_channel_has_an_application_section()
    {
        Assert.True(SessionDescription.TryParse(Offer("netns_gum_recvonly_datachannel_gathered.sdp"), out var sdp, out _));
        Assert.Equal(["audio", "video", "application"], sdp.Media.Select(m => m.Kind));
        Assert.Equal("recvonly", sdp.Media[0].Direction);
        Assert.Equal("UDP/DTLS/SCTP", sdp.Media[2].Protocol);
        Assert.Equal("5000", sdp.Media[2].Value("sctp-port"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("v=1\r\n")]
    [InlineData("hello")]
    [InlineData("v=0\r\nm=audio\r\n")]
    [InlineData("v=0\r\nm=audio 99999 UDP/TLS/RTP/SAVPF 111\r\n")]
    [InlineData("v=0\r\nX=1\r\n")]
    public void Malformed_descriptions_are_refused_with_a_reason(string text)
    {
        Assert.False(SessionDescription.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Random_mutations_of_real_offers_never_throw()
    {
        var random = new Random(8866);
        var offer = Offer("netns_gum_simulcast_qhf_gathered.sdp").ToCharArray();
        for (var i = 0; i < 20_000; i++)
        {
            var copy = (char[])offer.Clone();
            for (var k = 0; k < 5; k++) copy[random.Next(copy.Length)] = (char)random.Next(0, 128);
            var text = new string(copy, 0, random.Next(copy.Length));
            if (SessionDescription.TryParse(text, out var sdp, out _))
            {
                foreach (var m in sdp.Media)
                {
                    _ = (m.RtpMaps, m.Fmtps, m.Extensions, m.Rids, m.Ssrcs, m.Direction, m.FeedbackFor(96));
                }
                _ = sdp.BundleGroup;
            }
        }
    }
}
