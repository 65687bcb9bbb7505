using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Classroom.Server.Storage;
using Classroom.Server.Tests.Hosting;
using Classroom.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Classroom.Server.Tests.Accounts;

/// <summary>
/// Logins a guesser cannot turn against the owner: waits per account and address instead of a lock,
/// the admin's unlock, the same cost for names that do not exist, and bounded, sanitized log lines.
/// Addresses other than the test's own come through X-Forwarded-For, as from a reverse proxy on the
/// same machine: the server runs in its behind-proxy mode, where only that is believed.
/// </summary>
public sealed class LoginTests : HostedTest
{
    private const string StrangerAddress = "10.0.0.66";
    private const string OwnerAddress = "10.0.0.7";

    private readonly CapturedLogs _logs = new();
    private readonly CountingHasher _hasher = new();

    protected override void ConfigureHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Classroom:Https:BehindProxy", "true");
        builder.ConfigureLogging(l => l.AddProvider(_logs.Provider()));
        builder.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<TeacherAccount>>(_hasher));
    }

    /// <summary>The real hasher, counting how often a typed password is checked.</summary>
    private sealed class CountingHasher : IPasswordHasher<TeacherAccount>
    {
        private readonly PasswordHasher<TeacherAccount> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(TeacherAccount user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(TeacherAccount user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    private Session From(string address)
    {
        var session = Host.NewSession();
        session.Http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return session;
    }

    private static Task<HttpResponseMessage> LoginAsync(Session session, string userName, string password) =>
        session.Http.PostAsJsonAsync("/api/auth/login", new { userName, password });

    private static async Task<JsonElement> TeacherRowAsync(Session admin, string userName)
    {
        var list = await admin.GetAsync<JsonElement>("/api/admin/teachers");
        return list.EnumerateArray().Single(t => t.GetProperty("userName").GetString() == userName);
    }

    [Fact]
    public async Task A_strangers_wrong_passwords_throttle_only_the_stranger_and_the_admin_can_lift_it()
    {
        using (await Host.NewTeacherAsync("petrov", "Петров А.А."))
        {
        }
        using var stranger = From(StrangerAddress);
        for (var i = 0; i < 5; i++)
        {
            var wrong = await LoginAsync(stranger, "petrov", $"guess-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("auth.invalid", await ProblemCodeTests.CodeOf(wrong));
            // The admin's account too: a stranger must not be able to keep the admin out either.
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(stranger, "admin", $"guess-{i}")).StatusCode);
        }

        // The stranger now waits, with a stable code and the time to wait, even with the right password.
        var throttled = await LoginAsync(stranger, "petrov", "guess-6");
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("auth.throttled", await ProblemCodeTests.CodeOf(throttled));
        var retryAfter = int.Parse(throttled.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(retryAfter >= 1);
        Assert.Equal("application/problem+json", throttled.Content.Headers.ContentType?.MediaType);
        Assert.Equal(retryAfter, (await throttled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("retryAfter").GetInt32());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginAsync(stranger, "petrov", "teacher-pass-1")).StatusCode);

        // The owner, at another address, logs in as usual; so does the admin.
        using var owner = From(OwnerAddress);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(owner, "petrov", "teacher-pass-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.Http.GetAsync("/api/auth/me")).StatusCode);
        using var admin = await Host.LoginAdminAsync();

        // The admin sees the throttling and lifts it.
        var petrov = await TeacherRowAsync(admin, "petrov");
        Assert.True(petrov.GetProperty("lockedOut").GetBoolean());
        using var teacherSession = await Host.LoginAsync("petrov", "teacher-pass-1");
        Assert.Equal(HttpStatusCode.Forbidden, (await teacherSession.Http.PostAsync($"/api/admin/teachers/{petrov.GetProperty("id").GetString()}/unlock", null)).StatusCode);
        var unlock = await admin.Http.PostAsync($"/api/admin/teachers/{petrov.GetProperty("id").GetString()}/unlock", null);
        Assert.Equal(HttpStatusCode.NoContent, unlock.StatusCode);
        Assert.False((await TeacherRowAsync(admin, "petrov")).GetProperty("lockedOut").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(stranger, "petrov", "guess-7")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(stranger, "petrov", "teacher-pass-1")).StatusCode);

        var missing = await admin.Http.PostAsync("/api/admin/teachers/no-such-id/unlock", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("not_found", await ProblemCodeTests.CodeOf(missing));

        // Waits end by themselves: after the wait the stranger may try again.
        for (var i = 0; i < 5; i++) await LoginAsync(stranger, "petrov", $"again-{i}");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginAsync(stranger, "petrov", "again")).StatusCode);
        Host.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(stranger, "petrov", "again")).StatusCode);
    }

    [Fact]
    public async Task A_name_that_does_not_exist_costs_one_password_check_like_a_real_one()
    {
        using (await Host.NewTeacherAsync("petrov", "Петров А.А."))
        {
        }
        using var client = From(StrangerAddress);
        async Task<int> ChecksFor(string userName, string password, HttpStatusCode expected)
        {
            var before = _hasher.Verifications;
            Assert.Equal(expected, (await LoginAsync(client, userName, password)).StatusCode);
            return _hasher.Verifications - before;
        }

        Assert.Equal(1, await ChecksFor("petrov", "wrong-password", HttpStatusCode.Unauthorized));
        Assert.Equal(1, await ChecksFor("ghost", "wrong-password", HttpStatusCode.Unauthorized));
        Assert.Equal(1, await ChecksFor("  GHOST2 ", "", HttpStatusCode.Unauthorized));
        Assert.Equal(1, await ChecksFor("", "wrong-password", HttpStatusCode.Unauthorized));
        Assert.Equal(1, await ChecksFor(new string('g', 3000), "wrong-password", HttpStatusCode.Unauthorized));
        Assert.Equal(1, await ChecksFor("petrov", "teacher-pass-1", HttpStatusCode.OK));
    }

    [Fact]
    public async Task A_failed_login_logs_the_typed_name_bounded_and_with_line_breaks_escaped()
    {
        using var client = From(StrangerAddress);
        const string forged = "warn: Classroom.Server.Accounts[0] Admin logged in";
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, $"ivanova\r\n{forged}", "x-password")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, new string('я', 500), "x-password")).StatusCode);

        // A 100 KB name never gets read: the login body is bounded.
        var huge = JsonSerializer.Serialize(new { userName = new string('z', 100 * 1024), password = "x-password" });
        var tooLarge = await client.Http.PostAsync("/api/auth/login", new StringContent(huge, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("too_large", await ProblemCodeTests.CodeOf(tooLarge));

        var failed = _logs.Entries.Where(e => e.EventId == 40 && e.Category.Contains("Login", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, failed.Count);
        var forgedLine = failed[0].Message;
        Assert.DoesNotContain('\n', forgedLine);
        Assert.DoesNotContain('\r', forgedLine);
        Assert.Contains("\\u000d\\u000a", forgedLine, StringComparison.Ordinal);
        Assert.Contains(StrangerAddress, forgedLine, StringComparison.Ordinal);
        Assert.InRange(failed[1].Message.Length, 1, 200);
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains(new string('z', 100), StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains(new string('я', 100), StringComparison.Ordinal));
    }
}
