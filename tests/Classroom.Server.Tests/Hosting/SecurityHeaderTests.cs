using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Classroom.Server.Tests.Infrastructure;

namespace Classroom.Server.Tests.Hosting;

/// <summary>
/// Pages, the client's assets, API answers and errors all carry the security headers: nobody can
/// frame the teacher's console, the browser never sniffs types, and join tokens never leak in a Referer.
/// </summary>
public sealed partial class SecurityHeaderTests : HostedTest
{
    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var what = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} ({(int)response.StatusCode})";
        string Header(string name) =>
            response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : throw new Xunit.Sdk.XunitException($"{what}: no {name}");

        var csp = Header("Content-Security-Policy");
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d.Split(' ').Skip(1).ToArray());
        Assert.Equal(["'none'"], directives["frame-ancestors"]);
        Assert.Equal(["'self'"], directives["script-src"]);
        Assert.Contains("'self'", directives["connect-src"]);
        Assert.Equal(["'none'"], directives["object-src"]);
        Assert.DoesNotContain(directives.Values.SelectMany(v => v), v => v is "'unsafe-inline'" or "'unsafe-eval'" or "*");
        Assert.Equal("DENY", Header("X-Frame-Options"));
        Assert.Equal("nosniff", Header("X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header("Referrer-Policy"));
        var permissions = Header("Permissions-Policy");
        Assert.Contains("camera=(self)", permissions, StringComparison.Ordinal);
        Assert.Contains("microphone=(self)", permissions, StringComparison.Ordinal);
        Assert.Contains("display-capture=(self)", permissions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_assets_api_answers_and_errors_carry_the_security_headers()
    {
        using var anonymous = Host.NewSession();
        var index = await anonymous.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        AssertSecurityHeaders(index);
        var html = await index.Content.ReadAsStringAsync();
        // The page itself has no inline script or style for the policy to refuse.
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);

        var assets = AssetPath().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(assets, a => a.EndsWith(".js", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.EndsWith(".css", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            var response = await anonymous.Http.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertSecurityHeaders(response);
        }

        AssertSecurityHeaders(await anonymous.Http.GetAsync("/j/K7M2-PQ9R-XT"));
        AssertSecurityHeaders(await anonymous.Http.GetAsync("/health"));
        AssertSecurityHeaders(await anonymous.Http.GetAsync("/api/auth/me"));
        AssertSecurityHeaders(await anonymous.Http.GetAsync("/api/nothing-here"));
        AssertSecurityHeaders(await anonymous.Http.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = "wrong-password" }));
        var login = await anonymous.Http.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = ClassroomHost.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        AssertSecurityHeaders(login);
        AssertSecurityHeaders(await anonymous.Http.GetAsync("/api/admin/teachers"));
        AssertSecurityHeaders(await anonymous.Http.PostAsync("/hubs/classroom/negotiate?negotiateVersion=1", null));
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"(?:src|href)=""(/assets/[^""]+)""")]
    private static partial Regex AssetPath();
}
