using Classroom.Contracts;
using Classroom.Server.Live;
using Classroom.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Classroom.Server.Moderation;

/// <summary>Reads a lesson's moderation log (staff snapshot, lesson report).</summary>
public sealed class ModerationLog(IDbContextFactory<ClassroomDb> dbs)
{
    public const int SnapshotEntries = 200;

    public async Task<IReadOnlyList<ModerationEntryView>> ReadAsync(Guid lessonId, CancellationToken ct, int limit = SnapshotEntries)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = await db.Moderation.AsNoTracking().Where(m => m.LessonId == lessonId)
            .OrderByDescending(m => m.Id).Take(limit).ToListAsync(ct);
        rows.Reverse();
        return rows.Select(Views.Of).ToList();
    }
}
