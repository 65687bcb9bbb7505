using System.Net;
using System.Text.Json;
using Classroom.EndToEnd.Tests.Infrastructure;
using Classroom.Media.Rooms;
using Classroom.Media.Sfu;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Classroom.EndToEnd.Tests.Network;

/// <summary>
/// Chromium publishes its fake camera as three simulcast layers (the web client's encodings) to the
/// relay library, driven here as the host drives it, and another peer connection in the namespace
/// receives it: the relay forwards one layer under one SSRC, and switching the receiver to the lowest
/// layer and back shows in the decoded frame size. The page comes from the real server only because
/// its origin is the one the namespaced Chromium treats as secure.
/// </summary>
[Collection(MediaNetworkFixture.CollectionName)]
public sealed class SimulcastThroughRelayTests(MediaNetworkFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly Guid Lesson = Guid.NewGuid();
    private ServerProcess _server = null!;
    private Relay _relay = null!;

    public async Task InitializeAsync()
    {
        _server = await fixture.StartServerAsync();
        _relay = new Relay(new RelayOptions { BindAddress = fixture.Network.HostAddress.ToString(), UdpPort = 0, ReceiveLoops = 1 }, TimeProvider.System);
        _relay.Start();
    }

    public async Task DisposeAsync()
    {
        await _relay.DisposeAsync();
        await _server.DisposeAsync();
    }

    // The publisher as web-client/src/media/encodings.ts sets it up for the camera, lowest layer first.
    private const string Publish = """
        async () => {
          const stream = await navigator.mediaDevices.getUserMedia({ video: true });
          const pc = new RTCPeerConnection({ bundlePolicy: "max-bundle" });
          pc.addTransceiver(stream.getVideoTracks()[0], { direction: "sendonly", sendEncodings: [
            { rid: "q", scaleResolutionDownBy: 4, maxBitrate: 150000 },
            { rid: "h", scaleResolutionDownBy: 2, maxBitrate: 400000 },
            { rid: "f", scaleResolutionDownBy: 1, maxBitrate: 1200000 },
          ] });
          await pc.setLocalDescription();
          await new Promise((done) => {
            if (pc.iceGatheringState === "complete") return done();
            pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && done());
            setTimeout(done, 3000);
          });
          window.__publisher = pc;
          return pc.localDescription.sdp;
        }
        """;

    private const string Receive = """
        async (offer) => {
          const pc = new RTCPeerConnection({ bundlePolicy: "max-bundle" });
          await pc.setRemoteDescription({ type: "offer", sdp: offer });
          await pc.setLocalDescription();
          await new Promise((done) => {
            if (pc.iceGatheringState === "complete") return done();
            pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && done());
            setTimeout(done, 3000);
          });
          window.__receiver = pc;
          return pc.localDescription.sdp;
        }
        """;

    // What each side sees: the layers sent (per rid) and the one stream received.
    private const string Stats = """
        async () => {
          const sent = [];
          for (const r of (await window.__publisher.getStats()).values())
            if (r.type === "outbound-rtp") sent.push({ rid: r.rid ?? null, frameWidth: r.frameWidth ?? 0, framesEncoded: r.framesEncoded ?? 0,
              bytesSent: r.bytesSent ?? 0, scalabilityMode: r.scalabilityMode ?? null, limitation: r.qualityLimitationReason ?? null, active: r.active ?? null });
          const received = [];
          for (const r of (await window.__receiver.getStats()).values())
            if (r.type === "inbound-rtp" && r.kind === "video") received.push({ ssrc: r.ssrc, frameWidth: r.frameWidth ?? 0, framesDecoded: r.framesDecoded ?? 0 });
          return { sent, received };
        }
        """;

    private sealed record Received(long Ssrc, int FrameWidth, long FramesDecoded);

    private static IReadOnlyList<Received> ReceivedOf(JsonElement stats) =>
        stats.GetProperty("received").EnumerateArray()
            .Select(r => new Received(r.GetProperty("ssrc").GetInt64(), r.GetProperty("frameWidth").GetInt32(), r.GetProperty("framesDecoded").GetInt64())).ToList();

    [Fact]
    public async Task A_receiver_decodes_one_layer_of_a_chromium_simulcast_camera_and_its_frame_size_follows_the_layer_the_relay_forwards()
    {
        _relay.SetGrants(Lesson, new MediaGrants([KeyValuePair.Create("teacher", MediaGrant.Video)]));
        var room = _relay.OpenRoom(Lesson);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        page.Console += (_, m) => output.WriteLine($"page: {m.Text}");
        await page.GotoAsync("/");

        var offer = await page.EvaluateAsync<string>(Publish);
        Assert.Contains("a=simulcast:send q;h;f", offer);
        var answer = room.Publish("page-teacher", "teacher", offer);
        await page.EvaluateAsync("async (sdp) => await window.__publisher.setRemoteDescription({ type: 'answer', sdp })", answer);
        var camera = Assert.Single(room.Tracks);
        Assert.Equal(MediaKind.Video, camera.Kind);

        var receiving = room.Subscribe("page-anna", "anna");
        Assert.NotNull(receiving.Sdp);
        var receiverAnswer = await page.EvaluateAsync<string>(Receive, receiving.Sdp);
        room.AcceptAnswer("page-anna", receiving.Version, receiverAnswer);

        try
        {
            // The top layer Chromium sends arrives and is decoded, as one stream.
            var high = await Eventually.ValueAsync(() => page.EvaluateAsync<JsonElement>(Stats),
                s => ReceivedOf(s) is [{ FramesDecoded: > 10, FrameWidth: > 160 }], "no layer above the lowest was decoded", timeout: TimeSpan.FromSeconds(60));
            output.WriteLine($"sending and receiving the top layer: {high}");
            var highWidth = ReceivedOf(high)[0].FrameWidth;

            room.SetPreferredLayer("page-anna", null, Room.LowestLayer);
            var low = await Eventually.ValueAsync(() => page.EvaluateAsync<JsonElement>(Stats),
                s => ReceivedOf(s) is [{ FrameWidth: 160 }], "the receiver did not get the lowest layer (640/4 = 160 pixels wide)");
            var lowFrames = ReceivedOf(low)[0].FramesDecoded;
            await Eventually.ValueAsync(() => page.EvaluateAsync<JsonElement>(Stats),
                s => ReceivedOf(s) is [{ FrameWidth: 160 } r] && r.FramesDecoded > lowFrames + 10, "the lowest layer did not keep decoding");
            output.WriteLine($"on the lowest layer: {low}");

            room.SetPreferredLayer("page-anna", null, Producer.MaxLayers - 1);
            var back = await Eventually.ValueAsync(() => page.EvaluateAsync<JsonElement>(Stats),
                s => ReceivedOf(s) is [{ FrameWidth: > 160 } r] && r.FrameWidth >= highWidth, "the receiver did not climb back above the lowest layer");
            output.WriteLine($"back on top: {back}");

            // One stream for the receiver throughout: the same SSRC, never a second one.
            Assert.Equal(ReceivedOf(high)[0].Ssrc, ReceivedOf(back)[0].Ssrc);
            Assert.True(room.Forwarded > 0);
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\nlast stats: {await page.EvaluateAsync<JsonElement>(Stats)}", e);
        }
    }
}
