using System.Text.Json;
using Classroom.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Classroom.Testing.Api.SchoolApi;

namespace Classroom.EndToEnd.Tests.Network;

/// <summary>
/// When the relay's answer refuses a section the page sends, the page says so instead of claiming
/// to publish it. The refusal is real: a browser that offers its camera only in VP9 (the relay takes
/// VP8 or H.264) gets that section declined, while its microphone is accepted.
/// </summary>
[Collection(MediaNetworkFixture.CollectionName)]
public sealed class RefusedSectionTests(MediaNetworkFixture fixture) : IAsyncLifetime
{

    // Every sending video transceiver offers VP9 alone, as a browser without VP8 and H.264 would.
    private const string CameraInVp9Only = """
        (() => {
          const add = RTCPeerConnection.prototype.addTransceiver;
          RTCPeerConnection.prototype.addTransceiver = function (trackOrKind, init) {
            const transceiver = add.call(this, trackOrKind, init);
            const kind = typeof trackOrKind === "string" ? trackOrKind : trackOrKind.kind;
            if (kind === "video" && init && init.direction === "sendonly") {
              transceiver.setCodecPreferences(RTCRtpReceiver.getCapabilities("video").codecs.filter((c) => c.mimeType === "video/VP9"));
            }
            return transceiver;
          };
        })();
        """;

    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await fixture.StartServerAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_camera_the_relay_refuses_is_reported_on_the_page_and_in_its_state_while_the_microphone_publishes()
    {
        using var school = await School.CreateAsync(_server, new LessonPlan
        {
            Names = ["Дмитрий Ершов"], Title = null, EntryOpensMinutesBefore = null,
            CabinetName = "Кабинет 7", Subject = "История", ClassName = "7В",
        }, "petrova", "Петрова Ольга Ивановна");
        var (klass, lesson) = (school.Class, school.Lesson);

        await using var context = await fixture.NewContextAsync();
        await context.AddInitScriptAsync(CameraInVp9Only);
        var teacher = await context.NewPageAsync();
        await teacher.GotoAsync("/");
        await teacher.GetByTestId("login-user").FillAsync("petrova");
        await teacher.GetByTestId("login-password").FillAsync(school.TeacherPassword);
        await teacher.GetByTestId("login-submit").ClickAsync();
        await teacher.GetByTestId("enter-cabinet").First.WaitForAsync(new() { Timeout = 30_000 });
        await teacher.GotoAsync($"/cabinet/{lesson.Id}");
        await teacher.GetByTestId("mod-panel").WaitForAsync(new() { Timeout = 30_000 });

        var stats = await UntilAsync(teacher, s => s.GetProperty("publishState").GetString() is "publishing" or "refused" or "failed");

        // The microphone goes out; the camera is known to go nowhere, and the page says so in Russian.
        Assert.Equal("publishing", stats.GetProperty("publishState").GetString());
        Assert.Equal(["camera"], Refused(stats));
        var notice = teacher.GetByTestId("media-notice");
        await Assertions.Expect(notice).ToBeVisibleAsync();
        await Assertions.Expect(notice).ToContainTextAsync("не принял видео вашей камеры");

        // A renegotiation (her screen, in VP9 too) keeps the camera refused and adds the screen.
        await teacher.GetByTestId("screen-toggle").ClickAsync();
        stats = await UntilAsync(teacher, s => Refused(s).Contains("screen"));
        Assert.Equal(["camera", "microphone", "screen"], Refused(stats).Append("microphone").Order());
        Assert.Equal("publishing", stats.GetProperty("publishState").GetString());
        await Assertions.Expect(notice).ToContainTextAsync("не принял часть вашего звука и видео");
    }

    private static List<string> Refused(JsonElement stats) => stats.GetProperty("refusedSources").EnumerateArray().Select(s => s.GetString()!).ToList();

    /// <summary>Waits until the page's media has settled (neither acquiring nor negotiating) in a state that satisfies <paramref name="condition"/>.</summary>
    private Task<JsonElement> UntilAsync(IPage page, Func<JsonElement, bool> condition) =>
        Eventually.ValueAsync(
            () => page.EvaluateAsync<JsonElement>(MediaStats.Script),
            stats => stats.ValueKind == JsonValueKind.Object && stats.GetProperty("publishState").GetString() is not ("negotiating" or "acquiring") && condition(stats),
            "the page did not get there",
            stats => $"{stats}\n{_server.Log}");
}
