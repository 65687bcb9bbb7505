using Classroom.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Classroom.EndToEnd.Tests.Network;

/// <summary>
/// A phone on the school network: Chromium inside the private namespace reaches the server by its
/// non-loopback address, types the plain-HTTP address, is led to the /tls page, follows its link, and
/// gets the lesson over HTTPS with the server's own certificate as a secure context (camera,
/// microphone). The one "proceed" step is played by trusting exactly the server's public key.
/// </summary>
[Collection(MediaNetworkFixture.CollectionName)]
public sealed class SecureContextTests(MediaNetworkFixture fixture) : IAsyncLifetime
{
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await fixture.StartServerAsync(https: true);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_browser_on_the_LAN_address_is_led_from_plain_http_to_https_and_gets_a_secure_context_with_media()
    {
        Assert.Equal(fixture.SecureServerUrl, _server.BaseAddress);
        await using var browser = await fixture.LaunchTrustingAsync(_server);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { Permissions = ["camera", "microphone"] });
        var page = await context.NewPageAsync();

        // What a student types: the plain address the teacher wrote on the board.
        await page.GotoAsync(_server.PlainAddress!.ToString());
        Assert.Equal("/tls", new Uri(page.Url).AbsolutePath);
        Assert.True(await page.EvaluateAsync<bool>("() => !window.isSecureContext"), "the explanation page is plain HTTP");
        await page.Locator("section[lang=ru] p.go a").First.ClickAsync();

        await page.GetByTestId("login-user").WaitForAsync(new() { Timeout = 30_000 });
        Assert.Equal(fixture.SecureServerUrl.ToString(), page.Url);
        Assert.True(await page.EvaluateAsync<bool>("() => window.isSecureContext === true && !!navigator.mediaDevices"));
        var tracks = await page.EvaluateAsync<int>(
            "async () => (await navigator.mediaDevices.getUserMedia({ audio: true, video: true })).getTracks().length");
        Assert.Equal(2, tracks);

        // Typed again later: the browser has been on our HTTPS, so it goes straight there.
        await page.GotoAsync(new Uri(_server.PlainAddress, "/j").ToString());
        Assert.Equal(new Uri(fixture.SecureServerUrl, "/j").ToString(), page.Url);
    }

    [Fact]
    public async Task Without_the_one_step_the_browser_refuses_the_self_made_certificate()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        var refused = await Assert.ThrowsAsync<PlaywrightException>(() => page.GotoAsync(fixture.SecureServerUrl.ToString()));

        Assert.Contains("ERR_CERT_AUTHORITY_INVALID", refused.Message, StringComparison.Ordinal);
    }
}
