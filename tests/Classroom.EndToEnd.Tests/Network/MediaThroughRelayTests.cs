using System.Text.Json;
using Classroom.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Classroom.Testing.Api.SchoolApi;

namespace Classroom.EndToEnd.Tests.Network;

/// <summary>
/// Chromium pages talk to each other through our relay, inside the private network namespace: the
/// teacher's fake camera and microphone reach three students, the teacher's screen share reaches
/// them, and a student the teacher muted is not heard by anyone although her browser keeps sending.
/// </summary>
[Collection(MediaNetworkFixture.CollectionName)]
public sealed class MediaThroughRelayTests(MediaNetworkFixture fixture) : IAsyncLifetime
{
    private const float Timeout = 30_000;
    private ServerProcess _server = null!;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _console = new();

    // A hostile page: whatever the client code does, its microphone track stays enabled, so only the
    // relay can keep a muted student quiet.
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

    public async Task InitializeAsync() => _server = await fixture.StartServerAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task<long> SentAudioAsync(IPage page)
    {
        var stats = await page.EvaluateAsync<JsonElement>("async () => await window.classroomMedia.stats()");
        return stats.GetProperty("outbound").EnumerateArray().Where(s => s.GetProperty("kind").GetString() == "audio").Sum(s => s.GetProperty("packetsSent").GetInt64());
    }

    private static long Audio(IReadOnlyList<MediaStats.Inbound> inbound, string participantId) =>
        inbound.Where(i => i.ParticipantId == participantId && i.Kind == "audio").Sum(i => i.PacketsReceived);

    [Fact]
    public async Task Camera_microphone_and_screen_reach_three_students_and_a_muted_student_is_heard_by_nobody()
    {
        using var school = await School.CreateAsync(_server, new LessonPlan
        {
            Names = ["Анна Белова", "Борис Волков", "Вера Гусева"], Title = null, EntryOpensMinutesBefore = null,
            CabinetName = "Кабинет 3", Subject = "Физика", ClassName = "9А",
        }, "ivanova", "Иванова Мария Петровна");
        var (klass, lesson) = (school.Class, school.Lesson);

        await using var teacherContext = await fixture.NewContextAsync();
        var teacher = await teacherContext.NewPageAsync();
        teacher.Console += (_, m) => _console.Enqueue($"teacher: {m.Text}");
        await teacher.GotoAsync("/");
        await teacher.GetByTestId("login-user").FillAsync("ivanova");
        await teacher.GetByTestId("login-password").FillAsync("teacher-pass-1");
        await teacher.GetByTestId("login-submit").ClickAsync();
        await teacher.GetByTestId("enter-cabinet").First.WaitForAsync(new() { Timeout = Timeout });
        await teacher.GotoAsync($"/cabinet/{lesson.Id}");
        await teacher.GetByTestId("mod-panel").WaitForAsync(new() { Timeout = Timeout });

        var students = new List<(IBrowserContext Context, IPage Page)>();
        foreach (var student in klass.Students)
        {
            var context = await fixture.NewContextAsync();
            await context.AddInitScriptAsync(KeepMicrophoneOn);
            var page = await context.NewPageAsync();
            var who = student.Name;
            page.Console += (_, m) => _console.Enqueue($"{who}: {m.Text}");
            await page.GotoAsync($"/j/{student.Code}");
            await page.GetByTestId("cabinet").WaitForAsync(new() { Timeout = Timeout });
            students.Add((context, page));
        }
        try
        {
            // Every student decodes the teacher's camera and receives her microphone.
            foreach (var (_, page) in students)
            {
                await MediaStats.UntilInboundAsync(page, inbound =>
                    inbound.Any(i => i.Source == "camera" && i.Kind == "video" && i.FramesDecoded > 0)
                    && inbound.Any(i => i.Source == "microphone" && i.Kind == "audio" && i.PacketsReceived > 0),
                    "a student did not receive the teacher's camera and microphone");
            }

            // The teacher shares her screen: every student decodes it as a screen track.
            await teacher.GetByTestId("screen-toggle").ClickAsync();
            foreach (var (_, page) in students)
                await MediaStats.UntilInboundAsync(page, inbound => inbound.Any(i => i.Source == "screen" && i.FramesDecoded > 0), "a student did not receive the screen");
            Assert.True(await students[0].Page.Locator("video[data-source=screen]").CountAsync() > 0);
            var teacherId = (await MediaStats.InboundAsync(students[1].Page)).First(i => i.Source == "screen").ParticipantId!;

            // Anna switches her microphone on: the teacher and Boris hear her.
            var (anna, boris) = (students[0].Page, students[1].Page);
            await anna.GetByTestId("mic-toggle").ClickAsync();
            await anna.Locator("[data-testid=mic-toggle][data-state=on]").WaitForAsync(new() { Timeout = Timeout });
            // Only Anna's microphone is on among the students (the others' audio is dropped at the relay).
            static bool FromAnna(MediaStats.Inbound i, string teacherId) => i.Kind == "audio" && i.ParticipantId is not null && i.ParticipantId != teacherId && i.PacketsReceived > 20;
            var heard = await MediaStats.UntilInboundAsync(boris, inbound => inbound.Any(i => FromAnna(i, teacherId)), "Boris did not hear Anna");
            var annaAudio = heard.First(i => FromAnna(i, teacherId)).ParticipantId!;
            await MediaStats.UntilInboundAsync(teacher, inbound => Audio(inbound, annaAudio) > 20, "the teacher did not hear Anna");

            // The teacher locks Anna's microphone. Anna's hostile page keeps sending; nobody receives it.
            var row = teacher.Locator("[data-testid=participant]", new() { HasText = "Анна Белова" });
            await row.GetByTestId("mod-menu").ClickAsync();
            await row.GetByTestId("mod-lock-mic").ClickAsync();
            await anna.Locator("[data-testid=mic-toggle][data-state=locked]").WaitForAsync(new() { Timeout = Timeout });
            await Task.Delay(1000); // packets already in flight when the lock landed
            var borisBefore = Audio(await MediaStats.InboundAsync(boris), annaAudio);
            var teacherBefore = Audio(await MediaStats.InboundAsync(teacher), annaAudio);
            var sentBefore = await SentAudioAsync(anna);
            await Task.Delay(3000);
            Assert.True(await SentAudioAsync(anna) > sentBefore + 50, "Anna's page should still be sending audio");
            Assert.Equal(borisBefore, Audio(await MediaStats.InboundAsync(boris), annaAudio));
            Assert.Equal(teacherBefore, Audio(await MediaStats.InboundAsync(teacher), annaAudio));
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            // What the pages and the server said, for a failure seen only on CI.
            throw new InvalidOperationException($"{e.Message}\n--- pages ---\n{string.Join('\n', _console.TakeLast(80))}\n--- server ---\n{_server.Log[^Math.Min(_server.Log.Length, 6000)..]}", e);
        }
        finally
        {
            foreach (var (context, _) in students) await context.DisposeAsync();
        }
    }
}
