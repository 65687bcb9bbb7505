using Classroom.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Classroom.Testing.Api.SchoolApi;

namespace Classroom.EndToEnd.Tests.Browser;

/// <summary>
/// A branch building's display (/d/{token}) that nobody touches: it waits for the lesson with the
/// school's name on screen, enters by itself when entry opens, comes back by itself after the server
/// restarts, and says when the lesson is over. Text only here; the picture is in
/// Network/DisplayMediaTests.
/// </summary>
public sealed class DisplayTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 30_000;
    private const string SchoolName = "МБОУ СОШ № 2 с. Ивановка";
    private static readonly Dictionary<string, string> Settings = new() { ["Classroom__SchoolName"] = SchoolName };

    [Fact]
    public async Task A_display_waits_enters_by_itself_survives_a_server_restart_and_shows_the_end()
    {
        var data = Directory.CreateTempSubdirectory("classroom-e2e-display-").FullName;
        var port = ServerProcess.FreePort(System.Net.IPAddress.Loopback);
        var server = await ServerProcess.StartAsync(data, port: port, settings: Settings);
        try
        {
            using var school = await LessonSetup.CreateAsync(server, students: 3, DateTimeOffset.UtcNow.AddHours(1));
            var token = await school.DisplayLinkAsync();
            await using var context = await browser.NewContextAsync(new()
            {
                BaseURL = server.BaseAddress.ToString(),
                ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            });
            var display = await context.NewPageAsync();

            // Before the window: a waiting screen a hall can read, with the school and the lesson.
            await display.GotoAsync($"/d/{token}");
            var waiting = display.GetByTestId("waiting");
            await waiting.WaitForAsync(new() { Timeout = Timeout });
            Assert.Equal(SchoolName, await display.GetByTestId("waiting-school").InnerTextAsync());
            Assert.Equal("Законы Ньютона", await display.GetByTestId("waiting-title").InnerTextAsync());
            Assert.False(await display.Locator(".topbar").IsVisibleAsync(), "a display shows no top bar");
            await Screenshots.SaveAsync(display, "display-waiting");

            // The teacher opens entry: the display comes in with nobody touching it.
            await PostAsync<object>(school.Teacher.Http, $"api/lessons/{school.Lesson.Id}/open-early", new { });
            await display.Locator("[data-testid=cabinet].display-mode").WaitForAsync(new() { Timeout = Timeout });
            Assert.Equal(SchoolName, await display.GetByTestId("bar-school").InnerTextAsync());
            Assert.Equal("Кабинет физики", await display.GetByTestId("cabinet-name").InnerTextAsync());
            await Layout.AssertNoVerticalScrollAsync(display, "the display");
            await using (var before = await HubStudents.JoinAsync(server.BaseAddress, [school.Class.Students[0].Code]))
            {
                await before.SendChatAsync(0, "До перезапуска");
                await display.Locator("[data-testid=chat-message]", new() { HasText = "До перезапуска" }).WaitForAsync(new() { Timeout = Timeout });
            }

            // The server goes away (a restart, a power cut): the display says so and keeps trying.
            await server.DisposeAsync();
            await display.GetByTestId("connection-status").WaitForAsync(new() { Timeout = Timeout });
            server = await ServerProcess.StartAsync(data, port: port, settings: Settings);

            // Back by itself: it is in the lesson again and gets what is said after the restart.
            await display.GetByTestId("connection-status").WaitForAsync(new() { State = WaitForSelectorState.Hidden, Timeout = 60_000 });
            await using (var after = await HubStudents.JoinAsync(server.BaseAddress, [school.Class.Students[1].Code]))
            {
                await after.SendChatAsync(0, "После перезапуска");
                await display.Locator("[data-testid=chat-message]", new() { HasText = "После перезапуска" }).WaitForAsync(new() { Timeout = 60_000 });
            }
            await Screenshots.SaveAsync(display, "display-no-media");

            // The lesson ends: the display says so, and that it will connect by itself.
            await PostAsync<object>(school.Teacher.Http, $"api/lessons/{school.Lesson.Id}/end", new { });
            var ended = display.GetByTestId("lesson-ended");
            await ended.WaitForAsync(new() { Timeout = Timeout });
            Assert.Contains(SchoolName, await ended.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("подключится сам", await ended.InnerTextAsync(), StringComparison.Ordinal);
            await Screenshots.SaveAsync(display, "display-ended");
        }
        finally
        {
            await server.DisposeAsync();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
