using System.Text.Json;
using Classroom.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Classroom.EndToEnd.Tests.Infrastructure.FirefoxPage;
using static Classroom.Testing.Api.SchoolApi;

namespace Classroom.EndToEnd.Tests.Network;

/// <summary>
/// Debian's Firefox ESR and Chromium in one lesson through our relay, inside the private network
/// namespace: a Firefox teacher's camera, microphone and screen (bundle-only sections) reach a
/// Chromium student; a Firefox student decodes a Chromium teacher's camera, is heard when she
/// speaks, and is heard by nobody once the teacher locks her microphone although her page keeps
/// sending. One Firefox (headful under Xvfb, for the screen) serves the whole class.
/// </summary>
[Collection(MediaNetworkFixture.CollectionName)]
public sealed class FirefoxThroughRelayTests(MediaNetworkFixture fixture, FirefoxFixture firefoxFixture) : IClassFixture<FirefoxFixture>, IAsyncLifetime
{
    private const float Timeout = 30_000;

    // A hostile page: its microphone track stays enabled whatever the client does, so only the relay
    // can keep a locked student quiet (as in MediaThroughRelayTests, here for a Firefox publisher).
    private const string KeepMicrophoneOn = """
        (() => {
          const d = Object.getOwnPropertyDescriptor(MediaStreamTrack.prototype, "enabled");
          Object.defineProperty(MediaStreamTrack.prototype, "enabled", {
            configurable: true,
            get() { return d.get.call(this); },
            set(v) { d.set.call(this, this.kind === "audio" ? true : v); },
          });
        })();
        """;

    private ServerProcess _server = null!;
    private FirefoxBrowser _firefox = null!;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _console = new();

    public async Task InitializeAsync()
    {
        _firefox = await firefoxFixture.BrowserAsync(fixture.Network);
        _server = await fixture.StartServerAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static long SentAudio(JsonElement stats) =>
        stats.GetProperty("outbound").EnumerateArray().Where(s => s.GetProperty("kind").GetString() == "audio").Sum(s => s.GetProperty("packetsSent").GetInt64());

    private static Task<IReadOnlyList<MediaStats.Inbound>> UntilAsync(Func<Task<JsonElement>> stats, Func<IReadOnlyList<MediaStats.Inbound>, bool> condition, string what) =>
        Eventually.ValueAsync(async () => MediaStats.InboundOf(await stats()), condition, what);

    private static Func<Task<JsonElement>> StatsOf(IPage page) => () => page.EvaluateAsync<JsonElement>(MediaStats.Script);

    private static Func<Task<JsonElement>> StatsOf(FirefoxPage page) => () => page.EvaluateAsync(MediaStats.Script);

    private static long Audio(IReadOnlyList<MediaStats.Inbound> inbound, string participantId) =>
        inbound.Where(i => i.ParticipantId == participantId && i.Kind == "audio").Sum(i => i.PacketsReceived);

    /// <summary>A teacher with a cabinet, a class of <paramref name="names"/> and a lesson starting now.</summary>
    private async Task<(Lesson Lesson, ClassView Class)> SchoolAsync(params string[] names)
    {
        using var school = await School.CreateAsync(_server, new LessonPlan
        {
            Names = names, Title = null, EntryOpensMinutesBefore = null,
            CabinetName = "Кабинет 5", Subject = "Химия", ClassName = "8Б",
        }, "ivanova", "Иванова Мария Петровна");
        return (school.Lesson, school.Class);
    }

    private InvalidOperationException Explained(Exception e) =>
        new($"{e.Message}\n--- chromium ---\n{string.Join('\n', _console.TakeLast(40))}\n--- firefox ---\n{_firefox.RecentLog()}\n--- server ---\n{_server.Log[^Math.Min(_server.Log.Length, 6000)..]}", e);

    [Fact]
    public async Task A_firefox_teachers_camera_microphone_and_screen_reach_a_chromium_student()
    {
        var (lesson, klass) = await SchoolAsync("Анна Белова");
        var teacher = await _firefox.NewPageAsync();
        await using var studentContext = await fixture.NewContextAsync();
        try
        {
            await teacher.GotoAsync(_server.BaseAddress);
            await teacher.FillAsync(TestId("login-user"), "ivanova");
            await teacher.FillAsync(TestId("login-password"), "teacher-pass-1");
            await teacher.ClickAsync(TestId("login-submit"));
            await teacher.WaitForAsync(TestId("enter-cabinet"));
            await teacher.GotoAsync(new Uri(_server.BaseAddress, $"/cabinet/{lesson.Id}"));
            await teacher.WaitForAsync(TestId("mod-panel"));

            var student = await studentContext.NewPageAsync();
            student.Console += (_, m) => _console.Enqueue($"student: {m.Text}");
            await student.GotoAsync($"/j/{klass.Students[0].Code}");
            await student.GetByTestId("cabinet").WaitForAsync(new() { Timeout = Timeout });

            // The camera section Firefox offers bundle-only is accepted: its video decodes in Chromium.
            await UntilAsync(StatsOf(student), inbound =>
                inbound.Any(i => i.Source == "camera" && i.Kind == "video" && i.FramesDecoded > 0)
                && inbound.Any(i => i.Source == "microphone" && i.Kind == "audio" && i.PacketsReceived > 0),
                "the Chromium student did not receive the Firefox teacher's camera and microphone");
            var teacherStats = await teacher.EvaluateAsync(MediaStats.Script);
            Assert.Equal("publishing", teacherStats.GetProperty("publishState").GetString());
            Assert.Empty(teacherStats.GetProperty("refusedSources").EnumerateArray());

            // Her screen (a second bundle-only section, added by renegotiation) decodes as a screen.
            await teacher.ClickAsync(TestId("screen-toggle"));
            await UntilAsync(StatsOf(student), inbound => inbound.Any(i => i.Source == "screen" && i.Kind == "video" && i.FramesDecoded > 0),
                "the Chromium student did not receive the Firefox teacher's screen");
            Assert.True(await student.Locator("video[data-source=screen]").CountAsync() > 0);
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException or PlaywrightException or InvalidOperationException)
        {
            throw Explained(e);
        }
        finally
        {
            await teacher.CloseAsync();
        }
    }

    [Fact]
    public async Task A_firefox_student_decodes_a_chromium_teacher_is_heard_and_is_silenced_by_the_teachers_lock()
    {
        var (lesson, klass) = await SchoolAsync("Вера Гусева");
        await using var teacherContext = await fixture.NewContextAsync();
        var teacher = await teacherContext.NewPageAsync();
        teacher.Console += (_, m) => _console.Enqueue($"teacher: {m.Text}");
        var student = await _firefox.NewPageAsync();
        try
        {
            await teacher.GotoAsync("/");
            await teacher.GetByTestId("login-user").FillAsync("ivanova");
            await teacher.GetByTestId("login-password").FillAsync("teacher-pass-1");
            await teacher.GetByTestId("login-submit").ClickAsync();
            await teacher.GetByTestId("enter-cabinet").First.WaitForAsync(new() { Timeout = Timeout });
            await teacher.GotoAsync($"/cabinet/{lesson.Id}");
            await teacher.GetByTestId("mod-panel").WaitForAsync(new() { Timeout = Timeout });

            await student.AddInitScriptAsync(KeepMicrophoneOn);
            await student.GotoAsync(new Uri(_server.BaseAddress, $"/j/{klass.Students[0].Code}"));
            await student.WaitForAsync(TestId("cabinet"));

            // Receiving in Firefox: the teacher's camera decodes, her microphone arrives.
            await UntilAsync(StatsOf(student), inbound =>
                inbound.Any(i => i.Source == "camera" && i.Kind == "video" && i.FramesDecoded > 0)
                && inbound.Any(i => i.Source == "microphone" && i.Kind == "audio" && i.PacketsReceived > 0),
                "the Firefox student did not receive the Chromium teacher's camera and microphone");

            // Vera switches her microphone on: the teacher hears her (the only student, the only other audio).
            await student.ClickAsync(TestId("mic-toggle"));
            await student.WaitForAsync("[data-testid=mic-toggle][data-state=on]");
            var heard = await UntilAsync(StatsOf(teacher), inbound => inbound.Any(i => i.Kind == "audio" && i.PacketsReceived > 20),
                "the teacher did not hear the Firefox student");
            var vera = heard.First(i => i.Kind == "audio" && i.PacketsReceived > 20).ParticipantId!;

            // The teacher locks Vera's microphone. Her hostile page keeps sending; the teacher receives nothing more.
            var row = teacher.Locator("[data-testid=participant]", new() { HasText = "Вера Гусева" });
            await row.GetByTestId("mod-menu").ClickAsync();
            await row.GetByTestId("mod-lock-mic").ClickAsync();
            await student.WaitForAsync("[data-testid=mic-toggle][data-state=locked]");
            await Task.Delay(1000); // packets already in flight when the lock landed
            var before = Audio(MediaStats.InboundOf(await StatsOf(teacher)()), vera);
            var sentBefore = SentAudio(await student.EvaluateAsync(MediaStats.Script));
            await Task.Delay(3000);
            Assert.True(SentAudio(await student.EvaluateAsync(MediaStats.Script)) > sentBefore + 50, "Vera's Firefox page should still be sending audio");
            Assert.Equal(before, Audio(MediaStats.InboundOf(await StatsOf(teacher)()), vera));
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException or PlaywrightException or InvalidOperationException)
        {
            throw Explained(e);
        }
        finally
        {
            await student.CloseAsync();
        }
    }
}
