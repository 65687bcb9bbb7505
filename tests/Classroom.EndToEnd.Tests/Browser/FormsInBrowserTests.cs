using System.Net.Http.Json;
using Classroom.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Classroom.Testing.Api.SchoolApi;

namespace Classroom.EndToEnd.Tests.Browser;

/// <summary>
/// Forms state their rules before anyone breaks them, and an error shows next to the field it concerns,
/// on screen and not under the sticky top bar, with the cursor in that field; the server's refusals
/// land next to their field too.
/// </summary>
public sealed class FormsInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const float Timeout = 30_000;
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 700 };

    private ServerProcess _server = null!;

    // A guesser's first wait lasts long enough for the admin's page to show it on a slow machine.
    public async Task InitializeAsync() =>
        _server = await ServerProcess.StartAsync(settings: new Dictionary<string, string> { ["Classroom__Login__FirstDelay"] = "00:10:00" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static ILocator FieldOf(IPage page, string testId) => page.Locator("label.field", new() { Has = page.GetByTestId(testId) });

    /// <summary>The element is fully inside the viewport and below the sticky top bar.</summary>
    private static async Task AssertOnScreen(IPage page, ILocator element)
    {
        var box = await element.BoundingBoxAsync();
        var bar = await page.Locator("header.topbar").BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.NotNull(bar);
        var viewport = page.ViewportSize!;
        Assert.True(box.Y >= bar.Y + bar.Height - 1, $"Hidden under the top bar: element at {box.Y}, bar ends at {bar.Y + bar.Height}");
        Assert.True(box.Y + box.Height <= viewport.Height, $"Below the screen: element ends at {box.Y + box.Height} of {viewport.Height}");
    }

    private static async Task<IPage> SignInAsync(IBrowserContext context, string userName, string password)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByTestId("login-user").FillAsync(userName);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.GetByTestId("dashboard").WaitForAsync(new() { Timeout = Timeout });
        return page;
    }

    [Fact]
    public async Task A_too_short_new_password_is_refused_next_to_the_field_on_screen_after_the_rule_was_shown()
    {
        await CreateTeacherAsync(_server, "ivanova", "Иванова Мария Ивановна", "teacher-pass-1");
        await using var context = await browser.NewContextAsync(new() { BaseURL = _server.BaseAddress.ToString(), ViewportSize = Phone, IsMobile = true });
        var page = await SignInAsync(context, "ivanova", "teacher-pass-1");

        // The own-password form is at the bottom of a long dashboard; its rule is written under the field.
        var newField = FieldOf(page, "password-new");
        Assert.Contains("8", await newField.GetByTestId("field-hint").InnerTextAsync(), StringComparison.Ordinal);
        Assert.False(await newField.GetByTestId("field-error").IsVisibleAsync());

        await page.GetByTestId("password-current").FillAsync("teacher-pass-1");
        await page.GetByTestId("password-new").FillAsync("short");
        // Scroll back to the top, as after reading the page, then submit (Enter in the field).
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.GetByTestId("password-new").PressAsync("Enter");

        var error = newField.GetByTestId("field-error");
        await error.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = Timeout });
        Assert.Contains("8", await error.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Matches("[а-яА-Я]", await error.InnerTextAsync());
        await AssertOnScreen(page, error);
        await AssertOnScreen(page, page.GetByTestId("password-new"));
        Assert.Equal("password-new", await page.EvaluateAsync<string>("document.activeElement?.dataset.testid ?? ''"));
        Assert.Equal("true", await page.GetByTestId("password-new").GetAttributeAsync("aria-invalid"));
        // Nothing was sent: the old password still works.
        using (var http = _server.NewHttpClient())
        {
            await PostAsync<object>(http, "api/auth/login", new { userName = "ivanova", password = "teacher-pass-1" });
        }

        // The server's refusal of the current password goes next to that field.
        await page.GetByTestId("password-current").FillAsync("not-my-password");
        await page.GetByTestId("password-new").FillAsync("a-long-enough-pass");
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.GetByTestId("password-submit").ClickAsync();
        var currentError = FieldOf(page, "password-current").GetByTestId("field-error");
        await currentError.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = Timeout });
        await AssertOnScreen(page, currentError);
        Assert.False(await newField.GetByTestId("field-error").IsVisibleAsync());
    }

    [Fact]
    public async Task The_admins_teacher_form_states_the_user_name_rules_and_puts_each_refusal_next_to_its_field()
    {
        await using var context = await browser.NewContextAsync(new() { BaseURL = _server.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        var page = await SignInAsync(context, "admin", ServerProcess.AdminPassword);
        var userField = FieldOf(page, "teacher-username");
        Assert.Contains("64", await userField.GetByTestId("field-hint").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("8", await FieldOf(page, "teacher-password").GetByTestId("field-hint").InnerTextAsync(), StringComparison.Ordinal);

        // Broken rules, all shown at once; the cursor goes to the first.
        await page.GetByTestId("teacher-username").FillAsync("иванова");
        await page.GetByTestId("teacher-password").FillAsync("1234");
        await page.GetByTestId("teacher-submit").ClickAsync();
        await userField.GetByTestId("field-error").WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = Timeout });
        Assert.True(await FieldOf(page, "teacher-displayname").GetByTestId("field-error").IsVisibleAsync());
        Assert.True(await FieldOf(page, "teacher-password").GetByTestId("field-error").IsVisibleAsync());
        Assert.Equal("teacher-username", await page.EvaluateAsync<string>("document.activeElement?.dataset.testid ?? ''"));
        await AssertOnScreen(page, userField.GetByTestId("field-error"));

        // A name that is taken: the server says so, next to the user name.
        await page.GetByTestId("teacher-username").FillAsync("admin");
        await page.GetByTestId("teacher-displayname").FillAsync("Второй администратор");
        await page.GetByTestId("teacher-password").FillAsync("long-enough-1");
        await page.GetByTestId("teacher-submit").ClickAsync();
        var taken = userField.GetByTestId("field-error");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=teacher-username]')?.getAttribute('aria-invalid') === 'true' && document.activeElement?.dataset.testid === 'teacher-username'", null, new() { Timeout = Timeout });
        Assert.Contains("уже есть", await taken.InnerTextAsync(), StringComparison.Ordinal);
        Assert.False(await FieldOf(page, "teacher-password").GetByTestId("field-error").IsVisibleAsync());

        // Fixed, it goes through and the form is ready for the next one.
        await page.GetByTestId("teacher-username").FillAsync("petrov");
        await page.GetByTestId("teacher-submit").ClickAsync();
        var petrov = page.Locator("[data-testid=teacher-row][data-user-name=petrov]");
        await petrov.WaitForAsync(new() { Timeout = Timeout });
        Assert.False(await taken.IsVisibleAsync());

        // Someone guesses petrov's password: the admin sees the wait and lifts it with one button.
        using var guesser = _server.NewHttpClient();
        for (var i = 0; i < 6; i++) await guesser.PostAsJsonAsync("api/auth/login", new { userName = "petrov", password = $"guess-{i}" });
        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, (await guesser.PostAsJsonAsync("api/auth/login", new { userName = "petrov", password = "long-enough-1" })).StatusCode);
        await page.ReloadAsync();
        await petrov.GetByTestId("teacher-locked").WaitForAsync(new() { Timeout = Timeout });
        await petrov.GetByTestId("teacher-unlock").ClickAsync();
        await page.GetByTestId("notice").WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("[data-testid=teacher-row][data-user-name=petrov]:not(:has([data-testid=teacher-locked]))").WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal(System.Net.HttpStatusCode.OK, (await guesser.PostAsJsonAsync("api/auth/login", new { userName = "petrov", password = "long-enough-1" })).StatusCode);
    }
}
