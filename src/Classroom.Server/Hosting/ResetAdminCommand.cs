using System.Security.Cryptography;
using Classroom.Server.Accounts;
using Classroom.Server.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Hosting;

/// <summary>
/// <c>dotnet Classroom.Server.dll reset-admin [--password-stdin | --password &lt;pw&gt;] [--user &lt;name&gt;]</c>:
/// a lost admin password, recovered on the server's own console. It reads the same configuration as
/// the server (appsettings.json, <c>Classroom__DataDirectory</c>, <c>--Classroom:DataDirectory=...</c>),
/// never starts the web server, and never creates a database: without one it says where it looked
/// and exits with 2. Without a password option it generates one and prints it once.
/// Exit codes: 0 done, 1 bad usage or a password the rules refuse, 2 no database.
/// </summary>
public static class ResetAdminCommand
{
    public const string Name = "reset-admin";

    private const string Usage =
        "Usage: dotnet Classroom.Server.dll reset-admin [--password-stdin | --password <password>] [--user <name>] [server configuration flags]\n" +
        "  Sets a new password for the admin account (or --user) in the existing database and lifts any lockout.\n" +
        "  --password-stdin   read the password from the first line of standard input\n" +
        "  --password <pw>    take it from the command line (visible to other users of the machine)\n" +
        "  (neither)          generate one and print it once\n" +
        "  The data folder comes from the server's configuration, e.g. --Classroom:DataDirectory=/var/lib/classroom.";

    /// <summary>True when the process was started to run this command instead of the server.</summary>
    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    public static async Task<int> RunAsync(string[] args) => await RunAsync(args, Console.In, Console.Out, Console.Error);

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        if (!TryParse(args.Skip(1).ToArray(), out var request, out var configurationArgs, out var problem))
        {
            await error.WriteLineAsync(problem);
            await error.WriteLineAsync(Usage);
            return 1;
        }
        if (request.Help)
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }

        var builder = WebApplication.CreateBuilder(configurationArgs);
        // Only warnings and worse from the host: the command's own output is what the admin reads.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddClassroom();
        await using var app = builder.Build();

        var options = app.Services.GetRequiredService<IOptions<ClassroomOptions>>().Value;
        var file = Path.GetFullPath(new SqliteConnectionStringBuilder(options.SqliteConnectionString).DataSource);
        if (!File.Exists(file))
        {
            await error.WriteLineAsync($"No Classroom database at {file}.");
            await error.WriteLineAsync("Give the server's data folder, as the server is started: --Classroom:DataDirectory=<folder> or Classroom__DataDirectory=<folder>, from the server's working directory.");
            return 2;
        }

        var password = request.PasswordFromStdin ? (await input.ReadLineAsync())?.TrimEnd('\r') ?? string.Empty : request.Password;
        var generated = password is null;
        password ??= RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);

        await using var scope = app.Services.CreateAsyncScope();
        // The same upgrade the server does on start, so an older file works too.
        await scope.ServiceProvider.GetRequiredService<ClassroomDb>().Database.MigrateAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TeacherAccount>>();
        var account = request.UserName is { } name
            ? await users.FindByNameAsync(name)
            : (await users.GetUsersInRoleAsync(Owner.AdminRole)).OrderBy(u => u.UserName, StringComparer.Ordinal).FirstOrDefault()
              ?? await users.FindByNameAsync(DatabaseSetup.AdminUserName);
        if (account is null)
        {
            await error.WriteLineAsync(request.UserName is null
                ? "The database has no admin account; start the server once to create it."
                : $"No account named '{request.UserName}'.");
            return 1;
        }

        // Check the new password before touching the old one, so a refused password changes nothing.
        var refusals = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, account, password);
            refusals.AddRange(check.Errors.Select(e => e.Description));
        }
        if (refusals.Count > 0)
        {
            await error.WriteLineAsync($"Password refused: {string.Join(" ", refusals)}");
            return 1;
        }

        Require(await users.RemovePasswordAsync(account));
        Require(await users.AddPasswordAsync(account, password));
        // Lockouts of older versions lived in the database; the login throttle lives in the server's
        // memory and is gone once the server is (re)started.
        if (account.LockoutEnabled) Require(await users.SetLockoutEndDateAsync(account, null));
        Require(await users.ResetAccessFailedCountAsync(account));
        Require(await users.UpdateSecurityStampAsync(account));

        await output.WriteLineAsync($"The password of '{account.UserName}' was reset; every session of this account is signed out.");
        if (generated) await output.WriteLineAsync($"New password: {password}  (shown once; change it after signing in)");
        await output.WriteLineAsync("If the server is running, restart it to lift any waits on this account's logins.");
        return 0;
    }

    private static void Require(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    private sealed record Request(string? Password, bool PasswordFromStdin, string? UserName, bool Help);

    /// <summary>Takes the command's own options out; everything else is the server's configuration.</summary>
    private static bool TryParse(string[] args, out Request request, out string[] configurationArgs, out string problem)
    {
        string? password = null, userName = null;
        bool fromStdin = false, help = false;
        var rest = new List<string>();
        request = new Request(null, false, null, false);
        configurationArgs = [];
        problem = string.Empty;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                help = true;
            }
            else if (arg == "--password-stdin")
            {
                fromStdin = true;
            }
            else if (TryOption(args, ref i, "--password", out var value))
            {
                password = value;
                if (password is null) { problem = "--password needs a value."; return false; }
            }
            else if (TryOption(args, ref i, "--user", out value))
            {
                userName = value;
                if (string.IsNullOrWhiteSpace(userName)) { problem = "--user needs a value."; return false; }
            }
            else
            {
                rest.Add(arg);
            }
        }
        if (fromStdin && password is not null)
        {
            problem = "Give either --password or --password-stdin, not both.";
            return false;
        }
        request = new Request(password, fromStdin, userName?.Trim(), help);
        configurationArgs = rest.ToArray();
        return true;
    }

    /// <summary><c>--name value</c> or <c>--name=value</c> at <paramref name="i"/>; moves past the value. Null value: none given.</summary>
    private static bool TryOption(string[] args, ref int i, string name, out string? value)
    {
        value = null;
        if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
        {
            value = args[i][(name.Length + 1)..];
            return true;
        }
        if (args[i] != name) return false;
        if (i + 1 < args.Length) value = args[++i];
        return true;
    }
}
