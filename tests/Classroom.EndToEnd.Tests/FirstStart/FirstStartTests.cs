using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Classroom.EndToEnd.Tests.Infrastructure;

namespace Classroom.EndToEnd.Tests.FirstStart;

/// <summary>A school's first start and a later restart of the real server process over the same data folder.</summary>
public sealed partial class FirstStartTests
{
    [Fact]
    public async Task Without_a_configured_password_the_first_start_prints_a_generated_one_once_and_it_works()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("classroom-first-").FullName;
        try
        {
            string password;
            await using (var first = await ServerProcess.StartAsync(dataDirectory, adminPassword: null))
            {
                var match = GeneratedPassword().Match(first.Log);
                Assert.True(match.Success, first.Log);
                password = match.Groups[1].Value;
                Assert.True(password.Length >= 12);
                Assert.True(File.Exists(Path.Combine(dataDirectory, "classroom.db")));
                using var http = first.NewHttpClient();
                Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("api/auth/login", new { userName = "admin", password })).StatusCode);
            }

            await using var second = await ServerProcess.StartAsync(dataDirectory, adminPassword: null);
            Assert.DoesNotMatch(GeneratedPassword(), second.Log);
            Assert.DoesNotContain(password, second.Log, StringComparison.Ordinal);
            using var again = second.NewHttpClient();
            Assert.Equal(HttpStatusCode.OK, (await again.PostAsJsonAsync("api/auth/login", new { userName = "admin", password })).StatusCode);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [GeneratedRegex("generated password: (\\S+)")]
    private static partial Regex GeneratedPassword();
}
