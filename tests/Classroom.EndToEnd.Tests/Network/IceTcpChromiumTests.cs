using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Classroom.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Classroom.Testing.Api.SchoolApi;

namespace Classroom.EndToEnd.Tests.Network;

/// <summary>
/// A school whose firewall drops UDP: inside the private namespace nftables drops every UDP packet
/// the browser sends, so the relay's UDP host candidate fails and only its passive TCP candidate
/// (RFC 6544) is left. Chromium's teacher and student connect over ICE-TCP, the student decodes the
/// teacher's camera, and getStats() shows the selected candidate pair is TCP on both ends. The
/// school also configured a TURN server (nothing answers there: the TCP candidate must do without it);
/// the pages' peer connections carry its URL and a credential the server made for them.
/// </summary>
[Collection(MediaNetworkFixture.CollectionName)]
public sealed partial class IceTcpChromiumTests(MediaNetworkFixture fixture) : IAsyncLifetime
{
    private const float Timeout = 30_000;

    /// <summary>Our own nftables table in the namespace, removed after the test (the namespace is shared with the collection's other tests).</summary>
    private const string Table = "clsr_no_udp";

    private ServerProcess _server = null!;

    /// <summary>A TURN server at the host end of the veth on a port where nothing listens.</summary>
    private string TurnUrl => $"turn:{fixture.Network.HostAddress}:3479?transport=tcp";

    private const string ConfiguredIceServers = "() => (window.__peerConnections ?? []).map(pc => pc.getConfiguration().iceServers ?? [])";
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _console = new();

    // Keeps every RTCPeerConnection the page makes, so the test can read its selected candidate pair.
    internal const string RecordPeerConnections = """
        (() => {
          const Native = window.RTCPeerConnection;
          window.__peerConnections = [];
          window.RTCPeerConnection = class extends Native {
            constructor(...args) { super(...args); window.__peerConnections.push(this); }
          };
        })();
        """;

    // RFC 8445 as getStats() shows it: each connected transport's selected pair, and its candidates' protocols.
    internal const string SelectedPairs = """
        async () => {
          const pairs = [];
          for (const pc of window.__peerConnections ?? []) {
            if (pc.connectionState !== "connected") continue;
            const stats = await pc.getStats();
            let pairId = null;
            stats.forEach(r => { if (r.type === "transport" && r.selectedCandidatePairId) pairId = r.selectedCandidatePairId; });
            const pair = pairId ? stats.get(pairId) : null;
            const local = pair ? stats.get(pair.localCandidateId) : null;
            const remote = pair ? stats.get(pair.remoteCandidateId) : null;
            pairs.push({ local: local?.protocol ?? "", remote: remote?.protocol ?? "", remoteTcpType: remote?.tcpType ?? "" });
          }
          return pairs;
        }
        """;

    public async Task InitializeAsync()
    {
        _server = await fixture.StartServerAsync(settings: new Dictionary<string, string>
        {
            ["Classroom__Media__IceServers__Urls__0"] = TurnUrl,
            ["Classroom__Media__IceServers__Secret"] = "a-shared-secret-of-the-school",
        });
        await fixture.Network.RunInsideAsync("nft", "add", "table", "inet", Table);
        await fixture.Network.RunInsideAsync("nft", "add", "chain", "inet", Table, "out", "{ type filter hook output priority 0 ; policy accept ; }");
        await fixture.Network.RunInsideAsync("nft", "add", "rule", "inet", Table, "out", "meta", "l4proto", "udp", "counter", "drop");
    }

    public async Task DisposeAsync()
    {
        await fixture.Network.RunInsideAsync("nft", "delete", "table", "inet", Table);
        await _server.DisposeAsync();
    }

    internal static async Task<JsonElement[]> PairsAsync(IPage page) =>
        [.. (await page.EvaluateAsync<JsonElement>(SelectedPairs)).EnumerateArray()];

    [GeneratedRegex(@"counter packets (\d+)")]
    private static partial Regex DroppedPackets();

    [GeneratedRegex(@"(?m)^classroom_media_tcp_connections(?:\{[^}]*\})? (\d+)")]
    private static partial Regex TcpConnections();

    [Fact]
    public async Task With_udp_dropped_a_student_connects_over_ice_tcp_and_decodes_the_teachers_camera()
    {
        using var school = await School.CreateAsync(_server, new LessonPlan
        {
            Names = ["Анна Белова"], Title = null, EntryOpensMinutesBefore = null,
            CabinetName = "Кабинет 5", Subject = "История", ClassName = "8Б",
        }, "petrova", "Петрова Анна Сергеевна");
        var (klass, lesson) = (school.Class, school.Lesson);

        await using var teacherContext = await fixture.NewContextAsync();
        await teacherContext.AddInitScriptAsync(RecordPeerConnections);
        var teacher = await teacherContext.NewPageAsync();
        teacher.Console += (_, m) => _console.Enqueue($"teacher: {m.Text}");
        await teacher.GotoAsync("/");
        await teacher.GetByTestId("login-user").FillAsync("petrova");
        await teacher.GetByTestId("login-password").FillAsync("teacher-pass-1");
        await teacher.GetByTestId("login-submit").ClickAsync();
        await teacher.GetByTestId("enter-cabinet").First.WaitForAsync(new() { Timeout = Timeout });
        await teacher.GotoAsync($"/cabinet/{lesson.Id}");
        await teacher.GetByTestId("mod-panel").WaitForAsync(new() { Timeout = Timeout });

        await using var studentContext = await fixture.NewContextAsync();
        await studentContext.AddInitScriptAsync(RecordPeerConnections);
        var student = await studentContext.NewPageAsync();
        student.Console += (_, m) => _console.Enqueue($"student: {m.Text}");
        try
        {
            await student.GotoAsync($"/j/{klass.Students[0].Code}");
            await student.GetByTestId("cabinet").WaitForAsync(new() { Timeout = Timeout });

            // The student decodes the teacher's camera, and keeps decoding it.
            await MediaStats.UntilInboundAsync(student, inbound => inbound.Any(i => i.Source == "camera" && i.Kind == "video" && i.FramesDecoded > 0),
                "the student did not decode the teacher's camera over ICE-TCP");
            var decoded = (await MediaStats.InboundAsync(student)).Where(i => i.Source == "camera").Sum(i => i.FramesDecoded);
            await MediaStats.UntilInboundAsync(student, inbound => inbound.Where(i => i.Source == "camera").Sum(i => i.FramesDecoded) > decoded + 30,
                "the teacher's camera stopped after its first frames");

            // Both pages' transports run over TCP to the relay's passive candidate.
            foreach (var page in new[] { student, teacher })
            {
                var pairs = await PairsAsync(page);
                Assert.NotEmpty(pairs);
                Assert.All(pairs, p =>
                {
                    Assert.Equal("tcp", p.GetProperty("local").GetString());
                    Assert.Equal("tcp", p.GetProperty("remote").GetString());
                    Assert.Equal("passive", p.GetProperty("remoteTcpType").GetString());
                });
            }

            // Both of the student's peer connections were given the school's TURN server with a credential of hers.
            var configured = await student.EvaluateAsync<JsonElement>(ConfiguredIceServers);
            Assert.True(configured.GetArrayLength() >= 1, configured.ToString());
            foreach (var servers in configured.EnumerateArray())
            {
                var turn = Assert.Single(servers.EnumerateArray());
                Assert.Equal(TurnUrl, turn.GetProperty("urls").EnumerateArray().Single().GetString());
                Assert.Matches(@"^\d{10}:.+", turn.GetProperty("username").GetString());
                Assert.False(string.IsNullOrEmpty(turn.GetProperty("credential").GetString()));
            }

            // UDP really was dropped (the browser tried it), and the relay counts its TCP connections.
            var ruleset = await fixture.Network.RunInsideAsync("nft", "list", "table", "inet", Table);
            var dropped = DroppedPackets().Match(ruleset);
            Assert.True(dropped.Success && long.Parse(dropped.Groups[1].Value, CultureInfo.InvariantCulture) > 0, ruleset);
            using var http = _server.NewHttpClient();
            var metrics = await http.GetStringAsync("/metrics");
            var open = TcpConnections().Match(metrics);
            Assert.True(open.Success && long.Parse(open.Groups[1].Value, CultureInfo.InvariantCulture) >= 2, "classroom_media_tcp_connections: " + open.Value);
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n--- pages ---\n{string.Join('\n', _console.TakeLast(80))}\n--- server ---\n{_server.Log[^Math.Min(_server.Log.Length, 6000)..]}", e);
        }
    }
}
