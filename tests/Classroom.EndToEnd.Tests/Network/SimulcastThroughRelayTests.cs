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

    public async Task InitializeAsync() => _server = await fixture.StartServerAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    // The publisher as web-client/src/media/encodings.ts sets up a camera of this size, lowest layer
    // first: three layers from 960x540 up, two below (libwebrtc would leave the top ones out).
    private const string Publish = """
        async ({ width, height }) => {
          const stream = await navigator.mediaDevices.getUserMedia({ video: { width, height } });
          const pc = new RTCPeerConnection({ bundlePolicy: "max-bundle" });
          const three = [
            { rid: "q", scaleResolutionDownBy: 4, maxBitrate: 150000 },
            { rid: "h", scaleResolutionDownBy: 2, maxBitrate: 400000 },
            { rid: "f", scaleResolutionDownBy: 1, maxBitrate: 1200000 },
          ];
          const two = [
            { rid: "q", scaleResolutionDownBy: 2, maxBitrate: 150000 },
            { rid: "f", scaleResolutionDownBy: 1, maxBitrate: 1200000 },
          ];
          const track = stream.getVideoTracks()[0];
          const { width: w, height: h } = track.getSettings();
          pc.addTransceiver(track, { direction: "sendonly", sendEncodings: w * h >= 960 * 540 ? three : two });
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

    internal const string Receive = """
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

    private static List<Received> ReceivedOf(JsonElement stats) =>
        stats.GetProperty("received").EnumerateArray()
            .Select(r => new Received(r.GetProperty("ssrc").GetInt64(), r.GetProperty("frameWidth").GetInt32(), r.GetProperty("framesDecoded").GetInt64())).ToList();

    [Theory]
    [InlineData(1280, 720, "q;h;f", 320)]
    [InlineData(640, 480, "q;f", 320)]
    public async Task A_receiver_decodes_one_layer_of_a_chromium_simulcast_camera_and_its_frame_size_follows_the_layer_the_relay_forwards(
        int width, int height, string rids, int lowWidth)
    {
        await using var relay = new Relay(new RelayOptions { BindAddress = fixture.Network.HostAddress.ToString(), UdpPort = 0, ReceiveLoops = 1 }, TimeProvider.System);
        relay.Start();
        relay.SetGrants(Lesson, new MediaGrants([KeyValuePair.Create("teacher", MediaGrant.Video)]));
        var room = relay.OpenRoom(Lesson);
        relay.ReceiverStatistics += s => output.WriteLine($"link {s.ParticipantId}: {s.EstimateKbps} kbit/s, loss {s.LossPercent} %, rtt {s.RttMs} ms, sent {s.BytesSent}, probes {room.ProbesSent}");
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        page.Console += (_, m) => output.WriteLine($"page: {m.Text}");
        await page.GotoAsync("/");

        var offer = await page.EvaluateAsync<string>(Publish, new { width, height });
        Assert.Contains($"a=simulcast:send {rids}", offer);
        var answer = room.Publish("page-teacher", "teacher", offer);
        await page.EvaluateAsync("async (sdp) => await window.__publisher.setRemoteDescription({ type: 'answer', sdp })", answer);
        var camera = Assert.Single(room.Tracks);
        Assert.Equal(MediaKind.Video, camera.Kind);

        var receiving = room.Subscribe("page-anna", "anna");
        Assert.NotNull(receiving.Sdp);
        var receiverAnswer = await page.EvaluateAsync<string>(Receive, receiving.Sdp);
        // Without transport-cc the relay neither paces nor limits this receiver (no estimate to follow): what
        // is tested here is layer switching and continuity, not the climb (SlowLinkTests has that).
        room.AcceptAnswer("page-anna", receiving.Version, WithoutTransportCc(receiverAnswer));

        try
        {
            // The top layer arrives and is decoded, as one stream: the camera's full size.
            var high = await Eventually.ValueAsync(() => page.EvaluateAsync<JsonElement>(Stats),
                s => ReceivedOf(s) is [{ FramesDecoded: > 10, FrameWidth: var w }] && w == width, "the top layer was not decoded", timeout: TimeSpan.FromSeconds(60));
            output.WriteLine($"sending and receiving the top layer: {high}");

            room.SetPreferredLayer("page-anna", null, Room.LowestLayer);
            var low = await Eventually.ValueAsync(() => page.EvaluateAsync<JsonElement>(Stats),
                s => ReceivedOf(s) is [{ FrameWidth: var w }] && w == lowWidth, "the receiver did not get the lowest layer");
            var lowFrames = ReceivedOf(low)[0].FramesDecoded;
            await Eventually.ValueAsync(() => page.EvaluateAsync<JsonElement>(Stats),
                s => ReceivedOf(s) is [{ FrameWidth: var w } r] && w == lowWidth && r.FramesDecoded > lowFrames + 10, "the lowest layer did not keep decoding");
            output.WriteLine($"on the lowest layer: {low}");

            room.SetPreferredLayer("page-anna", null, Producer.MaxLayers - 1);
            var back = await Eventually.ValueAsync(() => page.EvaluateAsync<JsonElement>(Stats),
                s => ReceivedOf(s) is [{ FrameWidth: var w }] && w == width, "the receiver did not climb back to the top layer");
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

    private static string WithoutTransportCc(string sdp) =>
        string.Join("\r\n", sdp.Split("\r\n").Where(line => !line.Contains("transport-wide-cc", StringComparison.Ordinal)));
}
