using Classroom.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Classroom.EndToEnd.Tests.Browser;

/// <summary>
/// A student on a 360 × 740 phone with 25 classmates in the lesson: the chat is on the first screen (not under every
/// classmate), its input stays in view also with the on-screen keyboard open, the own controls are a
/// bottom bar of finger-sized buttons, and nothing ever scrolls sideways.
/// </summary>
public sealed class PhoneViewTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const float Timeout = 30_000;
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task With_25_classmates_the_chat_input_the_tabs_and_the_bottom_bar_fit_a_360_px_phone()
    {
        using var school = await LessonSetup.CreateAsync(_server, students: 26, DateTimeOffset.UtcNow.AddMinutes(-5));
        await using var classmates = await HubStudents.JoinAsync(_server.BaseAddress, school.CodesExcept("Анна Белова"));
        Assert.Equal(25, classmates.Clients.Count);
        await classmates.RaiseHandAsync(0);
        await classmates.SendChatAsync(1, "Здравствуйте все!");

        await using var context = await browser.NewContextAsync(new()
        {
            BaseURL = _server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
            IsMobile = true,
            HasTouch = true,
        });
        var phone = await context.NewPageAsync();
        await phone.GotoAsync($"/j/{school.CodeOf("Анна Белова")}");
        await phone.GetByTestId("cabinet").WaitForAsync(new() { Timeout = Timeout });
        await phone.Locator("[data-testid=chat-message]", new() { HasText = "Здравствуйте все!" }).WaitForAsync(new() { Timeout = Timeout });

        // The first screen: the chat with its input, no sideways scrolling, no page scrolling.
        await Layout.AssertNoHorizontalScrollAsync(phone, "phone, chat tab");
        await Layout.AssertNoVerticalScrollAsync(phone, "phone, chat tab");
        await Layout.AssertInViewportAsync(phone.GetByTestId("chat-input"), "the chat input");
        await Layout.AssertInViewportAsync(phone.GetByTestId("chat-send"), "the send button");

        // Own controls are a bottom bar: at the bottom of the screen, every button a 44 px target.
        var bar = phone.GetByTestId("own-controls");
        var barBox = await Layout.AssertInViewportAsync(bar, "the bottom bar");
        var input = await phone.GetByTestId("chat-input").BoundingBoxAsync();
        Assert.True(barBox.Y >= input!.Y + input.Height, "the bottom bar should be below the chat");
        var buttons = bar.Locator("button");
        Assert.True(await buttons.CountAsync() >= 2, "the bar holds at least the microphone and the hand");
        for (var i = 0; i < await buttons.CountAsync(); i++)
        {
            var box = await buttons.Nth(i).BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Width >= 44 && box.Height >= 44, $"button {i} of the bottom bar is {box.Width}x{box.Height}");
        }
        await phone.GetByTestId("hand-toggle").ClickAsync();
        await phone.Locator("[data-testid=hand-toggle][aria-pressed=true]").WaitForAsync(new() { Timeout = Timeout });

        // The classmates are a tab away, not in the chat's way; the list scrolls inside its tab.
        await phone.GetByTestId("tab-people").ClickAsync();
        await phone.Locator("[data-testid=participant]").Nth(25).WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal(26, await phone.Locator("[data-testid=participant]").CountAsync());
        // The tab names the list, so its heading is for screen readers only; a raised hand is said in words.
        await Layout.AssertVisuallyHiddenAsync(phone.Locator(".live-panel > h2"), "the participants panel's heading");
        var handLabel = await phone.Locator("[data-testid=participant][data-hand=raised] [data-state=hand] .p-state-label").First.BoundingBoxAsync();
        Assert.True(handLabel is { Width: > 1, Height: > 1 }, "a student should read a raised hand's label");
        await Layout.AssertNoHorizontalScrollAsync(phone, "phone, participants tab");
        await Layout.AssertNoVerticalScrollAsync(phone, "phone, participants tab");
        await Layout.AssertInViewportAsync(bar, "the bottom bar on the participants tab");
        Assert.False(await phone.GetByTestId("chat-input").IsVisibleAsync());
        // A message arriving meanwhile is counted on the chat tab.
        await classmates.SendChatAsync(2, "Я тоже тут");
        await phone.GetByTestId("tab-chat").GetByTestId("tab-unread").WaitForAsync(new() { Timeout = Timeout });
        await phone.GetByTestId("tab-chat").ClickAsync();
        await Layout.AssertInViewportAsync(phone.GetByTestId("chat-input"), "the chat input back on the chat tab");

        // Typing: the on-screen keyboard takes the lower half of the screen. The input stays in view.
        await phone.GetByTestId("chat-input").FocusAsync();
        await phone.SetViewportSizeAsync(360, 400);
        await phone.WaitForFunctionAsync("() => document.documentElement.classList.contains('keyboard-open')", null, new() { Timeout = Timeout });
        await Layout.AssertInViewportAsync(phone.GetByTestId("chat-input"), "the chat input with the keyboard open");
        await Layout.AssertInViewportAsync(phone.GetByTestId("chat-send"), "the send button with the keyboard open");
        await Layout.AssertNoHorizontalScrollAsync(phone, "phone, keyboard open");
        await Layout.AssertNoVerticalScrollAsync(phone, "phone, keyboard open");
        await Screenshots.SaveAsync(phone, "student-phone-keyboard");
        await phone.GetByTestId("chat-input").FillAsync("Можно выйти к доске?");
        // A press that lasts a moment (a finger, a slow click): the page renders while the button is
        // down. Taking the focus off the input there closed the keyboard, the layout moved the button
        // away, and the release landed elsewhere: no message (under load, Playwright's click did that too).
        await PressAndHoldAsync(phone.GetByTestId("chat-send"));
        await phone.Locator("[data-testid=chat-message]", new() { HasText = "Можно выйти к доске?" }).WaitForAsync(new() { Timeout = Timeout });
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.classList.contains('keyboard-open')"), "the keyboard closed on sending");

        // The keyboard closes: the bottom bar comes back.
        await phone.GetByTestId("chat-input").BlurAsync();
        await phone.SetViewportSizeAsync(360, 740);
        await phone.WaitForFunctionAsync("() => !document.documentElement.classList.contains('keyboard-open')", null, new() { Timeout = Timeout });
        await Layout.AssertInViewportAsync(bar, "the bottom bar after typing");
        await Layout.AssertNoHorizontalScrollAsync(phone, "phone, after typing");
    }

    /// <summary>Presses <paramref name="target"/>'s middle, lets the page render two frames, and releases there.</summary>
    private static async Task PressAndHoldAsync(ILocator target)
    {
        var box = await target.BoundingBoxAsync();
        Assert.NotNull(box);
        var mouse = target.Page.Mouse;
        await mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await mouse.DownAsync();
        await target.Page.EvaluateAsync("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))");
        await mouse.UpAsync();
    }
}
