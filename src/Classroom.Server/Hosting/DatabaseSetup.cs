using System.Security.Cryptography;
using Classroom.Server.Accounts;
using Classroom.Server.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Hosting;

/// <summary>
/// First-start work: create and migrate the SQLite file (so a newer version upgrades a school's
/// existing data), and create the admin account if there is none.
/// </summary>
public static class DatabaseSetup
{
    public const string AdminUserName = "admin";
    public const string AdminPasswordVariable = "CLASSROOM_ADMIN_PASSWORD";

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ClassroomOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Classroom.Setup");
        var builder = new SqliteConnectionStringBuilder(options.SqliteConnectionString);
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClassroomDb>();
        await db.Database.MigrateAsync();
        // WAL lets report queries read while the live lesson writes.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        Log.DatabaseReady(logger, builder.DataSource);
        await CloseDanglingAttendanceAsync(db, app.Services.GetRequiredService<TimeProvider>());
        await EnsureAdminAsync(scope.ServiceProvider, app.Configuration, logger);
    }

    /// <summary>
    /// After a crash, people who were in a lesson have a join with no leave. Nobody is connected to a
    /// process that just started, so their presence ended at the latest now; without this the report
    /// would count them until the lesson's end.
    /// </summary>
    private static async Task CloseDanglingAttendanceAsync(ClassroomDb db, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var recent = now.AddDays(-2);
        // Presence marks only: a raised hand or a lobby mark after the join must not hide it.
        var lastMarks = await db.Attendance.AsNoTracking()
            .Where(a => a.At > recent && (a.Kind == Core.Attendance.AttendanceKind.Joined || a.Kind == Core.Attendance.AttendanceKind.Left))
            .GroupBy(a => new { a.LessonId, a.ParticipantId })
            .Select(g => g.OrderByDescending(a => a.Id).First())
            .ToListAsync();
        foreach (var open in lastMarks.Where(a => a.Kind == Core.Attendance.AttendanceKind.Joined))
        {
            db.Attendance.Add(new AttendanceRecord { LessonId = open.LessonId, ParticipantId = open.ParticipantId, Role = open.Role, Kind = Core.Attendance.AttendanceKind.Left, At = now });
        }
        await db.SaveChangesAsync();
    }

    private static async Task EnsureAdminAsync(IServiceProvider services, IConfiguration configuration, ILogger logger)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(Owner.AdminRole)) await roles.CreateAsync(new IdentityRole(Owner.AdminRole));
        var users = services.GetRequiredService<UserManager<TeacherAccount>>();
        var fromEnvironment = configuration[AdminPasswordVariable];
        var admins = await users.GetUsersInRoleAsync(Owner.AdminRole);
        if (admins.Count > 0)
        {
            // The variable only creates the first admin. Someone who set it to recover a lost password
            // must hear that it did nothing, and what does.
            if (!string.IsNullOrEmpty(fromEnvironment) && !await AnyHasPasswordAsync(users, admins, fromEnvironment))
                Log.AdminPasswordVariableIgnored(logger, ResetAdminCommand.Name);
            return;
        }

        var password = string.IsNullOrEmpty(fromEnvironment) ? GeneratePassword() : fromEnvironment;
        var admin = await users.FindByNameAsync(AdminUserName);
        if (admin is null)
        {
            admin = new TeacherAccount { UserName = AdminUserName, DisplayName = "Администратор" };
            var created = await users.CreateAsync(admin, password);
            if (!created.Succeeded)
                throw new InvalidOperationException($"Cannot create the admin account: {string.Join(" ", created.Errors.Select(e => e.Description))}");
        }
        await users.AddToRoleAsync(admin, Owner.AdminRole);
        if (string.IsNullOrEmpty(fromEnvironment)) Log.AdminCreatedWithGeneratedPassword(logger, AdminUserName, password);
        else Log.AdminCreatedFromEnvironment(logger, AdminUserName);
    }

    private static async Task<bool> AnyHasPasswordAsync(UserManager<TeacherAccount> users, IEnumerable<TeacherAccount> admins, string password)
    {
        foreach (var admin in admins)
        {
            if (await users.CheckPasswordAsync(admin, password)) return true;
        }
        return false;
    }

    private static string GeneratePassword() => RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);
}
