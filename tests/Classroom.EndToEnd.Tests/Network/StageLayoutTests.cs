using Classroom.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Classroom.EndToEnd.Tests.Network;

/// <summary>
/// Where the picture goes, with real media through the relay inside the private namespace: the
/// teacher shares her screen; a branch display shows it over its whole screen with a discreet caption
/// of the school and the lesson; a 360 px phone puts the screen and the teacher's camera before a
/// classmate's camera, and keeps its chat input in view. The screenshots of the README come from here.
/// </summary>
[Collection(MediaNetworkFixture.CollectionName)]
public sealed class StageLayoutTests(MediaNetworkFixture fixture) : IAsyncLifetime
{
    private const float Timeout = 30_000;
    private const string SchoolName = "МБОУ СОШ № 2 с. Ивановка";
    private ServerProcess _server = null!;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _console = new();

    public async Task InitializeAsync() =>
        _server = await fixture.StartServerAsync(settings: new Dictionary<string, string> { ["Classroom__SchoolName"] = SchoolName });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<IPage> PageAsync(IBrowserContext context, string who)
    {
        var page = await context.NewPageAsync();
        page.Console += (_, m) => _console.Enqueue($"{who}: {m.Text}");
        return page;
    }

    [Fact]
    public async Task A_display_shows_the_shared_screen_full_screen_and_a_phone_puts_the_screen_and_the_teacher_first()
    {
        using var school = await LessonSetup.CreateAsync(_server, students: 27, DateTimeOffset.UtcNow.AddMinutes(-3));
        var token = await school.DisplayLinkAsync();
        var desktop = new ViewportSize { Width = 1366, Height = 768 };

        await using var teacherContext = await fixture.NewContextAsync(new() { ViewportSize = desktop });
        var teacher = await PageAsync(teacherContext, "teacher");
        await school.OpenConsoleAsync(teacher, Timeout);
        var teacherId = await teacher.Locator("[data-testid=participant][data-role='0']").GetAttributeAsync("data-id");

        // A classmate with a camera (desktop), a student on a phone, the branch display.
        await using var boris = await fixture.NewContextAsync(new() { ViewportSize = desktop });
        var borisPage = await PageAsync(boris, "Борис");
        await borisPage.GotoAsync($"/j/{school.CodeOf("Борис Волков")}");
        await borisPage.GetByTestId("cabinet").WaitForAsync(new() { Timeout = Timeout });
        var borisId = await borisPage.Locator("[data-testid=media-self] video").GetAttributeAsync("data-participant-id", new() { Timeout = Timeout });

        await using var phoneContext = await fixture.NewContextAsync(new()
        {
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
            IsMobile = true,
            HasTouch = true,
        });
        var phone = await PageAsync(phoneContext, "phone");
        await phone.GotoAsync($"/j/{school.CodeOf("Анна Белова")}");
        await phone.GetByTestId("cabinet").WaitForAsync(new() { Timeout = Timeout });

        // The rest of the class, without media: a full console and a long participants tab.
        await using var classmates = await HubStudents.JoinAsync(_server.BaseAddress, school.CodesExcept("Анна Белова", "Борис Волков"));
        for (var i = 0; i < 3; i++) await classmates.RaiseHandAsync(i);
        await classmates.SendChatAsync(4, "Здравствуйте!");

        await using var displayContext = await fixture.NewContextAsync(new() { ViewportSize = desktop });
        var display = await PageAsync(displayContext, "display");
        await display.GotoAsync($"/d/{token}");
        await display.Locator("[data-testid=cabinet].display-mode").WaitForAsync(new() { Timeout = Timeout });
        try
        {
            await teacher.GetByTestId("screen-toggle").ClickAsync();
            await MediaStats.UntilInboundAsync(display, t => t.Any(x => x.Source == "screen" && x.FramesDecoded > 0), "the display did not decode the screen");
            await MediaStats.UntilInboundAsync(phone, t =>
                t.Any(x => x.Source == "screen" && x.FramesDecoded > 0)
                && t.Any(x => x.Source == "camera" && x.ParticipantId == teacherId && x.FramesDecoded > 0)
                && t.Any(x => x.Source == "camera" && x.ParticipantId == borisId && x.FramesDecoded > 0),
                "the phone did not decode the screen, the teacher and Boris");

            // The display: the screen over the whole screen, the caption with the school and the lesson.
            var size = await Layout.SizeAsync(display);
            var screen = display.Locator("[data-testid=media-tile][data-source=screen]");
            var box = await screen.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Width >= size.InnerWidth - 2 && box.Height >= size.InnerHeight - 2,
                $"the shared screen takes {box.Width}x{box.Height} of {size.InnerWidth}x{size.InnerHeight}");
            var caption = display.GetByTestId("display-caption");
            await Layout.AssertInViewportAsync(caption, "the display's caption");
            Assert.Equal(SchoolName, await display.GetByTestId("display-school").InnerTextAsync());
            Assert.Equal("Законы Ньютона", await display.GetByTestId("display-title").InnerTextAsync());
            var captionBox = await caption.BoundingBoxAsync();
            Assert.True(captionBox!.Width * captionBox.Height < size.InnerWidth * size.InnerHeight * 0.1, "the caption should stay discreet");
            Assert.False(await display.Locator(".topbar").IsVisibleAsync());
            Assert.False(await display.GetByTestId("chat").IsVisibleAsync());
            // Children in class are not on the hall's screen while the teacher shows something.
            Assert.False(await display.Locator($"[data-testid=media-tile][data-participant-id='{borisId}']").IsVisibleAsync());
            await Layout.AssertNoVerticalScrollAsync(display, "the display");
            await Screenshots.SaveAsync(display, "display-share");

            // The phone: the screen first and biggest, then the teacher, then Boris; the chat in reach.
            var order = await phone.EvaluateAsync<string[]>(
                "() => Array.from(document.querySelectorAll('[data-testid=media-tile]')).map(t => `${t.dataset.source}:${t.dataset.participantId}`)");
            Assert.True(order.Length >= 3, string.Join(", ", order));
            Assert.Equal($"screen:{teacherId}", order[0]);
            Assert.Equal($"camera:{teacherId}", order[1]);
            Assert.Contains($"camera:{borisId}", order[2..]);
            var phoneScreen = await phone.Locator("[data-testid=media-tile][data-source=screen]").BoundingBoxAsync();
            var phoneBoris = await phone.Locator($"[data-testid=media-tile][data-participant-id='{borisId}']").BoundingBoxAsync();
            Assert.True(phoneScreen!.Width * phoneScreen.Height > 4 * phoneBoris!.Width * phoneBoris.Height, "the screen should be far bigger than a classmate");
            Assert.True(phoneScreen.Y <= phoneBoris.Y, "the screen should come above a classmate");
            await Layout.AssertNoHorizontalScrollAsync(phone, "the phone with media");
            await Layout.AssertNoVerticalScrollAsync(phone, "the phone with media");
            await Layout.AssertInViewportAsync(phone.GetByTestId("chat-input"), "the phone's chat input with media");
            await Layout.AssertInViewportAsync(phone.GetByTestId("own-controls"), "the phone's bottom bar with media");
            await phone.GetByTestId("chat-input").FillAsync("Видно экран, спасибо!");
            await phone.GetByTestId("chat-send").ClickAsync();
            await teacher.Locator("[data-testid=chat-message]", new() { HasText = "Видно экран, спасибо!" }).WaitForAsync(new() { Timeout = Timeout });
            await Screenshots.SaveAsync(phone, "student-phone-media");

            // The console with media and 27 students still fits its screen.
            Assert.Equal(29, await teacher.Locator("[data-testid=participant]").CountAsync());
            await Layout.AssertNoVerticalScrollAsync(teacher, "the console with media");
            await Layout.AssertInViewportAsync(teacher.GetByTestId("hand-queue"), "the console's hand queue with media");
            await Layout.AssertInViewportAsync(teacher.GetByTestId("chat-input"), "the console's chat input with media");
            await Screenshots.SaveAsync(teacher, "teacher-console-media");
            await Screenshots.SaveAsync(borisPage, "student-desktop-media");
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n--- pages ---\n{string.Join('\n', _console.TakeLast(60))}\n--- server ---\n{_server.Log[^Math.Min(_server.Log.Length, 4000)..]}", e);
        }
    }
}
