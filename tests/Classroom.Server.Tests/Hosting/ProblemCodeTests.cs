using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Classroom.Server.Tests.Infrastructure;

namespace Classroom.Server.Tests.Hosting;

/// <summary>
/// docs/api.md promises a problem+json <c>code</c> on every error: the ones our handlers write and the
/// ones the pipeline writes by itself (authentication, routing, body limits, the rate limiter, bad JSON).
/// </summary>
public sealed class ProblemCodeTests : HostedTest
{
    private const int LoginsPerMinute = 5;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Classroom:LoginAttemptsPerMinute"] = LoginsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static async Task<string?> CodeOf(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)response.StatusCode, doc.RootElement.GetProperty("status").GetInt32());
        return doc.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, await CodeOf(response));
    }

    [Fact]
    public async Task Every_status_the_pipeline_writes_by_itself_carries_a_code()
    {
        using var anonymous = Host.NewSession();
        using var teacher = await Host.NewTeacherAsync();

        // Authentication and authorization.
        await AssertProblem(await anonymous.Http.GetAsync("/api/cabinets"), HttpStatusCode.Unauthorized, "auth.required");
        await AssertProblem(await anonymous.Http.PostAsync("/api/auth/logout", null), HttpStatusCode.Unauthorized, "auth.required");
        await AssertProblem(await teacher.Http.GetAsync("/api/admin/teachers"), HttpStatusCode.Forbidden, "forbidden");

        // Routing: unknown API paths (any method), a known path with the wrong method or content type.
        await AssertProblem(await anonymous.Http.GetAsync("/api/does-not-exist"), HttpStatusCode.NotFound, "not_found");
        await AssertProblem(await anonymous.Http.DeleteAsync("/api/does/not/exist"), HttpStatusCode.NotFound, "not_found");
        await AssertProblem(await anonymous.Http.GetAsync("/api"), HttpStatusCode.NotFound, "not_found");
        await AssertProblem(await anonymous.Http.GetAsync("/assets/missing-file.js"), HttpStatusCode.NotFound, "not_found");
        await AssertProblem(await anonymous.Http.GetAsync("/api/auth/login"), HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        await AssertProblem(await teacher.Http.DeleteAsync("/api/cabinets"), HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        await AssertProblem(
            await anonymous.Http.PostAsync("/api/auth/login", new StringContent("userName=admin", Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await AssertProblem(
            await teacher.Http.PostAsync("/api/cabinets", new StringContent("<cabinet/>", Encoding.UTF8, "application/xml")),
            HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");

        // Unreadable JSON, a body over the endpoint's limit.
        await AssertProblem(
            await teacher.Http.PostAsync("/api/cabinets", new StringContent("{\"name\": ", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "bad_request");
        await AssertProblem(
            await teacher.Http.PostAsync("/api/cabinets", new StringContent("{\"name\": 42, \"subject\": []}", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "bad_request");
        var huge = JsonSerializer.Serialize(new { userName = "admin", password = new string('x', 64 * 1024) });
        await AssertProblem(
            await anonymous.Http.PostAsync("/api/auth/login", new StringContent(huge, Encoding.UTF8, "application/json")),
            HttpStatusCode.RequestEntityTooLarge, "too_large");

        // The per-address login limit (two attempts above already counted).
        HttpResponseMessage? limited = null;
        for (var i = 0; i < LoginsPerMinute + 1 && limited is null; i++)
        {
            var response = await anonymous.Http.PostAsJsonAsync("/api/auth/login", new { userName = $"nobody{i}", password = "wrong-password" });
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited = response;
            else Assert.Equal("auth.invalid", await CodeOf(response));
        }
        Assert.NotNull(limited);
        await AssertProblem(limited, HttpStatusCode.TooManyRequests, "rate_limited");

        // The client's own paths still get the page, whatever the path looks like.
        var page = await anonymous.Http.GetAsync("/apis-are-not-this");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }
}
