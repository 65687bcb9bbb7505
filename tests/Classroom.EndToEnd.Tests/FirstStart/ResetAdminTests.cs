using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Classroom.EndToEnd.Tests.Infrastructure;

namespace Classroom.EndToEnd.Tests.FirstStart;

/// <summary>A lost admin password recovered with <c>dotnet Classroom.Server.dll reset-admin</c>, on the real server's data folder.</summary>
public sealed partial class ResetAdminTests
{
    private static async Task<HttpStatusCode> LoginAsync(ServerProcess server, string password)
    {
        using var http = server.NewHttpClient();
        return (await http.PostAsJsonAsync("api/auth/login", new { userName = "admin", password })).StatusCode;
    }

    [Fact]
    public async Task Reset_admin_sets_a_new_password_on_the_stopped_servers_database()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("classroom-reset-").FullName;
        try
        {
            await using (var first = await ServerProcess.StartAsync(dataDirectory))
            {
                Assert.Equal(HttpStatusCode.OK, await LoginAsync(first, ServerProcess.AdminPassword));
            }

            // From standard input (kept out of the process list and the shell history).
            var reset = await ServerCommand.RunAsync(dataDirectory, "new-admin-pass-1", "reset-admin", "--password-stdin");
            Assert.True(reset.ExitCode == 0, reset.Output + reset.Error);
            Assert.Contains("'admin' was reset", reset.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("new-admin-pass-1", reset.Output, StringComparison.Ordinal);

            // A password the rules refuse changes nothing.
            var weak = await ServerCommand.RunAsync(dataDirectory, null, "reset-admin", "--password", "short");
            Assert.Equal(1, weak.ExitCode);
            Assert.Contains("Password refused", weak.Error, StringComparison.Ordinal);

            await using (var second = await ServerProcess.StartAsync(dataDirectory, adminPassword: null))
            {
                Assert.Equal(HttpStatusCode.OK, await LoginAsync(second, "new-admin-pass-1"));
                Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(second, ServerProcess.AdminPassword));
                Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(second, "short"));
            }

            // Without a password option one is generated and printed once.
            var generated = await ServerCommand.RunAsync(dataDirectory, null, "reset-admin");
            Assert.True(generated.ExitCode == 0, generated.Output + generated.Error);
            var password = NewPassword().Match(generated.Output).Groups[1].Value;
            Assert.True(password.Length >= 12, generated.Output);

            // CLASSROOM_ADMIN_PASSWORD on an existing database is not silently ignored any more.
            await using var third = await ServerProcess.StartAsync(dataDirectory, adminPassword: "set-to-recover-1");
            Assert.Contains("CLASSROOM_ADMIN_PASSWORD is set but the admin account already exists", third.Log, StringComparison.Ordinal);
            Assert.Contains("reset-admin", third.Log, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, await LoginAsync(third, password));
            Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(third, "set-to-recover-1"));
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_database_reset_admin_says_where_it_looked_exits_non_zero_and_creates_nothing()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("classroom-reset-empty-").FullName;
        try
        {
            var result = await ServerCommand.RunAsync(dataDirectory, null, "reset-admin", "--password", "long-enough-pass");
            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"No Classroom database at {Path.Combine(dataDirectory, "classroom.db")}", result.Error, StringComparison.Ordinal);
            Assert.Contains("Classroom:DataDirectory", result.Error, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(dataDirectory));
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [GeneratedRegex(@"New password: (\S+)")]
    private static partial Regex NewPassword();
}
