using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Classroom.Server.Tests.Infrastructure;

namespace Classroom.Server.Tests.Accounts;

public sealed class AccountTests : HostedTest
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Classroom:LoginAttemptsPerMinute"] = "30" };

    private static async Task<string?> CodeOf(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
    }

    [Fact]
    public async Task The_admin_creates_a_teacher_who_logs_in_and_changes_the_password_and_there_is_no_self_registration()
    {
        using var admin = await Host.LoginAdminAsync();
        var me = await admin.GetAsync<JsonElement>("/api/auth/me");
        Assert.True(me.GetProperty("isAdmin").GetBoolean());

        using var teacher = await Host.NewTeacherAsync("ivanova", "Иванова М.И.");
        var teacherMe = await teacher.GetAsync<JsonElement>("/api/auth/me");
        Assert.Equal("Иванова М.И.", teacherMe.GetProperty("displayName").GetString());
        Assert.False(teacherMe.GetProperty("isAdmin").GetBoolean());

        // A teacher is not an admin.
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.Http.GetAsync("/api/admin/teachers")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.Http.PostAsJsonAsync("/api/admin/teachers", new { userName = "x", displayName = "x", password = "12345678" })).StatusCode);
        // Nobody anonymous gets in, and there is no registration endpoint.
        using var stranger = Host.NewSession();
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.Http.GetAsync("/api/cabinets")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.Http.PostAsJsonAsync("/api/admin/teachers", new { userName = "x", displayName = "x", password = "12345678" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.PostAsJsonAsync("/api/auth/register", new { userName = "x", password = "12345678" })).StatusCode);

        var weak = await teacher.Http.PostAsJsonAsync("/api/auth/password", new { currentPassword = "teacher-pass-1", newPassword = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Equal("auth.password_rejected", await CodeOf(weak));
        var changed = await teacher.Http.PostAsJsonAsync("/api/auth/password", new { currentPassword = "teacher-pass-1", newPassword = "new-teacher-pass" });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await teacher.Http.GetAsync("/api/auth/me")).StatusCode);
        using var again = await Host.LoginAsync("ivanova", "new-teacher-pass");

        var duplicate = await admin.Http.PostAsJsonAsync("/api/admin/teachers", new { userName = "ivanova", displayName = "Другая", password = "teacher-pass-2" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal("auth.user_exists", await CodeOf(duplicate));
    }

    [Fact]
    public async Task Wrong_passwords_make_the_address_wait_and_the_admins_password_reset_lifts_it()
    {
        using var teacher = await Host.NewTeacherAsync("petrov", "Петров А.А.");
        using var attacker = Host.NewSession();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await attacker.Http.PostAsJsonAsync("/api/auth/login", new { userName = "petrov", password = $"guess-{i}" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("auth.invalid", await CodeOf(wrong));
        }
        var sixth = await attacker.Http.PostAsJsonAsync("/api/auth/login", new { userName = "petrov", password = "guess-6" });
        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        Assert.Equal("auth.throttled", await CodeOf(sixth));
        // The right password waits too, from this address.
        var right = await attacker.Http.PostAsJsonAsync("/api/auth/login", new { userName = "petrov", password = "teacher-pass-1" });
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);

        using var admin = await Host.LoginAdminAsync();
        var list = await admin.GetAsync<JsonElement>("/api/admin/teachers");
        var petrov = list.EnumerateArray().Single(t => t.GetProperty("userName").GetString() == "petrov");
        Assert.True(petrov.GetProperty("lockedOut").GetBoolean());
        var reset = await admin.Http.PostAsJsonAsync($"/api/admin/teachers/{petrov.GetProperty("id").GetString()}/password", new { newPassword = "reset-by-admin" });
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        using var back = await Host.LoginAsync("petrov", "reset-by-admin");
    }

    [Fact]
    public async Task Account_refusals_have_a_code_for_the_field_they_concern()
    {
        using var admin = await Host.LoginAdminAsync();
        async Task<string?> Create(string userName, string displayName, string password, HttpStatusCode status)
        {
            var response = await admin.Http.PostAsJsonAsync("/api/admin/teachers", new { userName, displayName, password });
            Assert.Equal(status, response.StatusCode);
            return await CodeOf(response);
        }
        Assert.Equal("auth.invalid_user_name", await Create("иванова", "Иванова", "teacher-pass-1", HttpStatusCode.BadRequest));
        Assert.Equal("auth.invalid_user_name", await Create(new string('a', 65), "Иванова", "teacher-pass-1", HttpStatusCode.BadRequest));
        Assert.Equal("auth.invalid_user_name", await Create("  ", "Иванова", "teacher-pass-1", HttpStatusCode.BadRequest));
        Assert.Equal("invalid_name", await Create("ivanova", " ", "teacher-pass-1", HttpStatusCode.BadRequest));
        Assert.Equal("auth.password_rejected", await Create("ivanova", "Иванова", "short", HttpStatusCode.BadRequest));
        Assert.Equal("auth.user_exists", await Create("admin", "Другой", "teacher-pass-1", HttpStatusCode.Conflict));

        using var teacher = await Host.NewTeacherAsync("petrov", "Петров А.А.");
        var wrong = await teacher.Http.PostAsJsonAsync("/api/auth/password", new { currentPassword = "not-mine-at-all", newPassword = "new-teacher-pass" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("auth.wrong_password", await CodeOf(wrong));
    }

    [Fact]
    public async Task Login_attempts_from_one_address_are_rate_limited()
    {
        using var client = Host.NewSession();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 35; i++)
        {
            statuses.Add((await client.Http.PostAsJsonAsync("/api/auth/login", new { userName = $"nobody{i}", password = "x" })).StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.DoesNotContain(HttpStatusCode.OK, statuses);
    }
}
