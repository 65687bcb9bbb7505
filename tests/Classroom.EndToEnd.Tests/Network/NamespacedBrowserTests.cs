using System.Net;
using System.Text.Json;
using Classroom.EndToEnd.Tests.Infrastructure;

namespace Classroom.EndToEnd.Tests.Network;

/// <summary>
/// Proves the media test harness before our relay is involved: Chromium runs inside the private
/// namespace, reaches the real server on the host end of the veth as a secure origin, and WebRTC
/// between two local peer connections gathers a host candidate on the veth and moves fake camera
/// and microphone media.
/// </summary>
[Collection(MediaNetworkFixture.CollectionName)]
public sealed class NamespacedBrowserTests(MediaNetworkFixture fixture) : IAsyncLifetime
{
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await fixture.StartServerAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_web_client_served_on_the_host_address_loads_in_Chromium_inside_the_namespace()
    {
        Assert.Equal(fixture.ServerUrl, _server.BaseAddress);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync("/");

        Assert.NotNull(response);
        Assert.Equal((int)HttpStatusCode.OK, response.Status);
        await page.GetByTestId("login-user").WaitForAsync(new() { Timeout = 30_000 });
        Assert.Equal(fixture.ServerUrl.ToString(), page.Url);
        // The exact origin is secure, so the page may ask for camera and microphone.
        Assert.True(await page.EvaluateAsync<bool>("window.isSecureContext && !!navigator.mediaDevices"));
    }

    [Fact]
    public async Task Two_local_peer_connections_gather_the_veth_address_and_decode_fake_camera_and_microphone()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        await page.EvaluateAsync(StartLoopbackCall);
        var stats = await Eventually.ValueAsync(
            () => page.EvaluateAsync<JsonElement>(ReadReceiverStats),
            s => s.GetProperty("framesDecoded").GetInt64() > 0 && s.GetProperty("audioPacketsReceived").GetInt64() > 0,
            "no media between the two peer connections");

        var browserAddress = fixture.Network.BrowserAddress.ToString();
        var hostCandidates = stats.GetProperty("hostCandidates").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.NotEmpty(hostCandidates);
        Assert.All(hostCandidates, address => Assert.Equal(browserAddress, address));
        Assert.Equal(browserAddress, stats.GetProperty("selectedLocalAddress").GetString());
        await page.EvaluateAsync("() => { window.__loopback.a.close(); window.__loopback.b.close(); }");
    }

    // Peer a sends the fake camera and microphone to peer b in the same page; candidates are handed
    // over directly (trickle), and every UDP host candidate's address is recorded.
    private const string StartLoopbackCall = """
        async () => {
          const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
          const a = new RTCPeerConnection({ bundlePolicy: "max-bundle" });
          const b = new RTCPeerConnection({ bundlePolicy: "max-bundle" });
          const hostCandidates = [];
          const forward = (to) => (e) => {
            if (!e.candidate) return;
            if (e.candidate.type === "host" && e.candidate.protocol === "udp") hostCandidates.push(e.candidate.address);
            to.addIceCandidate(e.candidate);
          };
          a.onicecandidate = forward(b);
          b.onicecandidate = forward(a);
          for (const track of stream.getTracks()) a.addTrack(track, stream);
          await a.setLocalDescription();
          await b.setRemoteDescription(a.localDescription);
          await b.setLocalDescription();
          await a.setRemoteDescription(b.localDescription);
          window.__loopback = { a, b, hostCandidates };
        }
        """;

    private const string ReadReceiverStats = """
        async () => {
          const { a, b, hostCandidates } = window.__loopback;
          let framesDecoded = 0, audioPacketsReceived = 0;
          for (const r of (await b.getStats()).values()) {
            if (r.type === "inbound-rtp" && r.kind === "video") framesDecoded = r.framesDecoded ?? 0;
            if (r.type === "inbound-rtp" && r.kind === "audio") audioPacketsReceived = r.packetsReceived ?? 0;
          }
          const sender = await a.getStats();
          let selectedLocalAddress = null;
          for (const r of sender.values()) {
            if (r.type !== "transport" || !r.selectedCandidatePairId) continue;
            const pair = sender.get(r.selectedCandidatePairId);
            selectedLocalAddress = sender.get(pair.localCandidateId)?.address ?? null;
          }
          return { framesDecoded, audioPacketsReceived, hostCandidates, selectedLocalAddress,
                   iceState: a.iceConnectionState };
        }
        """;
}
