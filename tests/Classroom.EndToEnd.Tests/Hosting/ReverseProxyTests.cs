using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Classroom.EndToEnd.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using static Classroom.Testing.Api.SchoolApi;

namespace Classroom.EndToEnd.Tests.Hosting;

/// <summary>
/// A school with a domain name: Caddy in front (deploy/Caddyfile, with its local CA instead of ACME),
/// the server behind it on plain loopback HTTP in proxy mode. Over HTTPS through the proxy the login
/// cookie is Secure, HSTS comes once, the hub's WebSocket works, and the login limit counts each
/// browser's address, not the proxy's, which a client cannot forge.
/// </summary>
public sealed class ReverseProxyTests : IAsyncLifetime
{
    private static readonly IPAddress FirstBrowser = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress SecondBrowser = IPAddress.Parse("127.0.0.3");
    private ServerProcess _server = null!;
    private CaddyProcess _caddy = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(settings: new Dictionary<string, string>
        {
            ["Classroom__Https__BehindProxy"] = "true",
            ["Classroom__LoginAttemptsPerMinute"] = "3",
        });
        _caddy = await CaddyProcess.StartAsync(_server.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await _caddy.DisposeAsync();
        await _server.DisposeAsync();
    }

    private HttpClient Through(IPAddress from, CookieContainer? cookies = null) =>
        new(_caddy.NewHandler(from, cookies)) { BaseAddress = _caddy.BaseAddress };

    [Fact]
    public async Task Through_the_proxy_the_login_cookie_is_secure_hsts_comes_once_and_the_hub_websocket_works()
    {
        await CreateTeacherAsync(_server, "ivanova", "Иванова Мария Петровна", "teacher-pass-1");
        var cookies = new CookieContainer();
        using var teacher = Through(FirstBrowser, cookies);

        var login = await teacher.PostAsJsonAsync("api/auth/login", new { userName = "ivanova", password = "teacher-pass-1" });

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var auth = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("classroom.auth=", StringComparison.Ordinal));
        Assert.Contains("; secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["max-age=31536000"], login.Headers.GetValues("Strict-Transport-Security"));
        Assert.Contains("Behind a reverse proxy", _server.Log, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_server.DataDirectory, "tls")), "no certificate of its own behind a proxy");

        var cabinet = await PostAsync<Cabinet>(teacher, "api/cabinets", new { name = "Кабинет 3", subject = "Физика" });
        var created = await PostAsync<ClassSummary>(teacher, "api/classes", new { name = "9А" });
        var klass = await PostAsync<ClassView>(teacher, $"api/classes/{created.Id}/students", new { text = "Анна Белова" });
        var lesson = await PostAsync<Lesson>(teacher, $"api/cabinets/{cabinet.Id}/lessons",
            new { classId = klass.Id, startsAt = DateTimeOffset.UtcNow, durationMinutes = 45 });

        // The teacher's session rides the Secure cookie over the proxied WebSocket; the student comes with a code.
        await using var teacherHub = Hub(FirstBrowser, cookies);
        await using var studentHub = Hub(SecondBrowser, new CookieContainer());
        await teacherHub.StartAsync();
        await studentHub.StartAsync();
        var staff = await teacherHub.InvokeAsync<JsonElement>("Join", new { lessonId = lesson.Id });
        var student = await studentHub.InvokeAsync<JsonElement>("Join", new { code = klass.Students[0].Code });

        Assert.Equal(lesson.Id, staff.GetProperty("lessonId").GetGuid());
        Assert.Equal(lesson.Id, student.GetProperty("lessonId").GetGuid());
        var seq = await studentHub.InvokeAsync<long>("SendChat", new { text = "Здравствуйте!" });
        Assert.True(seq > 0);
        var chat = await teacherHub.InvokeAsync<JsonElement>("GetChatSince", 0L);
        Assert.Contains(chat.EnumerateArray(), m => m.GetProperty("text").GetString() == "Здравствуйте!");
    }

    [Fact]
    public async Task The_login_limit_counts_each_browser_behind_the_proxy_and_a_forged_forwarded_header_changes_nothing()
    {
        using var first = Through(FirstBrowser);
        using var second = Through(SecondBrowser);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await WrongLoginAsync(first, attempt)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await WrongLoginAsync(first, 3)).StatusCode);

        // Another browser behind the same proxy is not limited: the server sees its own address.
        Assert.Equal(HttpStatusCode.Unauthorized, (await WrongLoginAsync(second, 4)).StatusCode);

        // The limited browser cannot pass itself off as another: Caddy does not believe its header.
        using var forged = new HttpRequestMessage(HttpMethod.Post, "api/auth/login") { Content = JsonContent.Create(new { userName = "nobody-5", password = "wrong-password" }) };
        forged.Headers.Add("X-Forwarded-For", "203.0.113.9");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await first.SendAsync(forged)).StatusCode);
    }

    [Fact]
    public async Task The_example_Caddyfile_for_schools_is_one_caddy_accepts()
    {
        var example = Path.Combine(ServerProcess.RepositoryRoot(), "deploy", "Caddyfile");
        using var adapt = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(CaddyProcess.CaddyPath, ["adapt", "--config", example, "--adapter", "caddyfile"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var json = await adapt.StandardOutput.ReadToEndAsync();
        var errors = await adapt.StandardError.ReadToEndAsync();
        await adapt.WaitForExitAsync();

        Assert.True(adapt.ExitCode == 0, errors);
        Assert.Contains("\"upstreams\":[{\"dial\":\"127.0.0.1:5000\"}]", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Strict-Transport-Security", json, StringComparison.OrdinalIgnoreCase);
    }

    private static Task<HttpResponseMessage> WrongLoginAsync(HttpClient http, int attempt) =>
        // A different unknown account each time: only the per-address limit can refuse these.
        http.PostAsJsonAsync("api/auth/login", new { userName = $"nobody-{attempt}", password = "wrong-password" });

    private HubConnection Hub(IPAddress from, CookieContainer cookies)
    {
        var handler = _caddy.NewHandler(from, cookies);
        return new HubConnectionBuilder()
            .WithUrl(new Uri(_caddy.BaseAddress, "hubs/classroom"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.Cookies = cookies;
                o.HttpMessageHandlerFactory = _ => handler;
                o.WebSocketFactory = async (context, cancellationToken) =>
                {
                    // The handler brings the cookie jar and the connection from this browser's address.
                    var socket = new System.Net.WebSockets.ClientWebSocket();
                    using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
                    var url = new UriBuilder(context.Uri) { Scheme = "wss" }.Uri;
                    await socket.ConnectAsync(url, invoker, cancellationToken);
                    return socket;
                };
            })
            .Build();
    }
}
