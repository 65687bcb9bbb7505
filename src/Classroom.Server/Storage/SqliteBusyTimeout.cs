using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Classroom.Server.Storage;

/// <summary>
/// Sets SQLite's own busy timeout on every connection the server opens. SQLite takes one writer at a
/// time; without a busy handler a second writer gets SQLITE_BUSY at once, and Microsoft.Data.Sqlite
/// retries that after sleeping 150 ms (blocking a thread-pool thread). With many lessons writing chat
/// and attendance at once this put 150 ms and 300 ms steps into chat fan-out (bench district scenario:
/// p99 304 ms at 2,600 connections with the server 90 % idle; 50 ms with this). SQLite's handler waits
/// in steps of a few milliseconds, so a writer queues about as long as the write ahead of it takes.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    /// <summary>Longer than any write of ours takes; past it Microsoft.Data.Sqlite's own retry takes over.</summary>
    public const int Milliseconds = 5000;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    // A field of the native handle: no statement to run, cheap on every open of a pooled connection.
    private static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle }) SQLitePCL.raw.sqlite3_busy_timeout(handle, Milliseconds);
    }
}
