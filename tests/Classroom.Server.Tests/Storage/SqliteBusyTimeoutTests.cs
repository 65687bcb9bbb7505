using System.Diagnostics;
using Classroom.Server.Hosting;
using Classroom.Server.Storage;
using Classroom.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Tests.Storage;

/// <summary>
/// Two lessons writing at once (a chat line here, an attendance mark there) must queue on SQLite's
/// single writer for as long as the other write takes, not sleep: Microsoft.Data.Sqlite answers a
/// busy database by sleeping 150 ms per retry, which showed up as 150/300 ms steps in chat fan-out
/// under load (bench district scenario).
/// </summary>
public sealed class SqliteBusyTimeoutTests : HostedTest
{
    [Fact]
    public async Task Every_connection_waits_for_the_writer_inside_SQLite()
    {
        await using var db = await Host.Services.GetRequiredService<IDbContextFactory<ClassroomDb>>().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";

        Assert.Equal((long)SqliteBusyTimeout.Milliseconds, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_write_behind_another_writer_waits_about_as_long_as_that_write()
    {
        var dbs = Host.Services.GetRequiredService<IDbContextFactory<ClassroomDb>>();
        var connectionString = Host.Services.GetRequiredService<IOptions<ClassroomOptions>>().Value.SqliteConnectionString;
        var waits = new List<TimeSpan>();
        // The fastest of a few tries: a loaded machine can delay one, but a 150 ms sleep delays them all.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await using var holder = new SqliteConnection(connectionString);
            await holder.OpenAsync();
            await using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE;";
                await begin.ExecuteNonQueryAsync();
            }
            await using var db = await dbs.CreateDbContextAsync();
            var clock = Stopwatch.StartNew();
            var write = Task.Run(() => db.Database.ExecuteSqlRawAsync("UPDATE ChatMessages SET Deleted = Deleted WHERE 0;"));
            await Task.Delay(20);
            await using (var commit = holder.CreateCommand())
            {
                commit.CommandText = "COMMIT;";
                await commit.ExecuteNonQueryAsync();
            }
            await write;
            waits.Add(clock.Elapsed);
        }

        Assert.True(waits.Min() < TimeSpan.FromMilliseconds(120), $"waits: {string.Join(", ", waits.Select(w => $"{w.TotalMilliseconds:0} ms"))}");
    }
}
