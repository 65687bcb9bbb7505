using System.Net;
using Classroom.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Classroom.EndToEnd.Tests.Network;

/// <summary>
/// The issue's "done when", as a phone on the school network lives it: a 360 × 740 student page in
/// Chromium inside the private namespace reaches the server by its non-loopback address over HTTPS
/// with the server's own certificate, trusted only by the one documented step (the certificate's key,
/// no insecure-origin exception), and gets the lesson's media from a teacher on a school PC: a secure
/// context, the teacher's video decoded on the phone, and the student's own camera switched off and on
/// with the teacher seeing both.
/// </summary>
[Collection(MediaNetworkFixture.CollectionName)]
public sealed class PhoneOverHttpsTests(MediaNetworkFixture fixture) : IAsyncLifetime
{
    private const float Timeout = 30_000;
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await fixture.StartServerAsync(https: true);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_phone_on_the_LAN_address_over_HTTPS_decodes_the_teacher_and_switches_its_camera_off_and_on_which_the_teacher_sees()
    {
        Assert.False(IPAddress.IsLoopback(fixture.Network.HostAddress), "the phone must reach the server as over the school network");
        Assert.Equal(fixture.SecureServerUrl, _server.BaseAddress);
        using var school = await LessonSetup.CreateAsync(_server, students: 1, DateTimeOffset.UtcNow.AddMinutes(-1));
        await using var browser = await fixture.LaunchTrustingAsync(_server);
        var log = new PageLog();
        var csp = new CspRecorder();

        await using var teacherContext = await MediaNetworkFixture.NewContextAsync(browser, fixture.SecureServerUrl, new() { ViewportSize = new() { Width = 1366, Height = 768 } });
        await csp.AttachAsync(teacherContext);
        var teacher = log.Watch(await teacherContext.NewPageAsync(), "teacher");
        await school.OpenConsoleAsync(teacher, Timeout);
        var teacherId = (await teacher.Locator("[data-testid=participant][data-role='0']").GetAttributeAsync("data-id"))!;

        await using var phoneContext = await MediaNetworkFixture.NewContextAsync(browser, fixture.SecureServerUrl, new()
        {
            ViewportSize = new() { Width = 360, Height = 740 },
            IsMobile = true,
            HasTouch = true,
        });
        await csp.AttachAsync(phoneContext);
        var phone = log.Watch(await phoneContext.NewPageAsync(), "phone");
        await phone.GotoAsync($"/j/{school.CodeOf("Анна Белова")}");
        await phone.GetByTestId("cabinet").WaitForAsync(new() { Timeout = Timeout });
        try
        {
            // The page came over HTTPS on the LAN address and is a secure context, so media may run.
            Assert.StartsWith(fixture.SecureServerUrl.ToString(), phone.Url, StringComparison.Ordinal);
            Assert.True(await phone.EvaluateAsync<bool>("() => window.isSecureContext === true && location.protocol === 'https:' && !!navigator.mediaDevices"));

            // The teacher's camera decodes on the phone; the phone's camera decodes at the teacher's.
            await MediaStats.UntilAsync(async () => await MediaStats.DecodedAsync(phone, teacherId) > 10, "the phone did not decode the teacher's camera");
            var row = teacher.Locator("[data-testid=participant][data-name='Анна Белова']");
            var annaId = (await row.GetAttributeAsync("data-id"))!;
            await MediaStats.UntilAsync(async () => await MediaStats.DecodedAsync(teacher, annaId) > 10, "the teacher did not decode the phone's camera");
            Assert.Equal("on", await row.GetAttributeAsync("data-camera"));
            await Screenshots.SaveAsync(phone, "https-phone-camera-on");

            // Off on the phone: the teacher's row and tile say so, and no more of its frames arrive.
            var toggle = phone.GetByTestId("camera-toggle");
            await toggle.ClickAsync();
            await phone.Locator("[data-testid=camera-toggle][data-state=off]").WaitForAsync(new() { Timeout = Timeout });
            await teacher.Locator($"[data-testid=participant][data-id='{annaId}'][data-camera=off]").WaitForAsync(new() { Timeout = Timeout });
            await teacher.Locator($"[data-testid=media-tile][data-participant-id='{annaId}'][data-camera=off]").WaitForAsync(new() { Timeout = Timeout });
            var stopped = await MediaStats.AssertStoppedAsync(() => MediaStats.DecodedAsync(teacher, annaId), "the phone's camera at the teacher's after it was switched off");
            await Screenshots.SaveAsync(phone, "https-phone-camera-off");
            await Screenshots.SaveAsync(teacher, "https-teacher-sees-camera-off");

            // The phone still receives the teacher meanwhile.
            var teacherFrames = await MediaStats.DecodedAsync(phone, teacherId);
            await MediaStats.UntilAsync(async () => await MediaStats.DecodedAsync(phone, teacherId) > teacherFrames + 10, "the phone stopped decoding the teacher");

            // On again: the teacher's row says so and her frames resume.
            await toggle.ClickAsync();
            await phone.Locator("[data-testid=camera-toggle][data-state=on]").WaitForAsync(new() { Timeout = Timeout });
            await teacher.Locator($"[data-testid=participant][data-id='{annaId}'][data-camera=on]").WaitForAsync(new() { Timeout = Timeout });
            await MediaStats.UntilAsync(async () => await MediaStats.DecodedAsync(teacher, annaId) > stopped + 10, "the teacher did not decode the phone's camera again");
            await teacher.Locator($"[data-testid=media-tile][data-participant-id='{annaId}'] video").WaitForAsync(new() { Timeout = Timeout });
            await Screenshots.SaveAsync(teacher, "https-teacher-sees-camera-on");

            // The policy the server sends holds on media pages too.
            csp.AssertNone();
        }
        catch (Exception e) when (PageLog.Explains(e))
        {
            throw log.Explain(e, _server);
        }
    }
}
