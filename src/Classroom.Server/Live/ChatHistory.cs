using Classroom.Contracts;
using Classroom.Core.Chat;
using Classroom.Core.Participants;
using Classroom.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Live;

/// <summary>Reads persisted chat as one participant may see it (same rule as <see cref="ChatMessage.IsVisibleTo"/>).</summary>
public sealed class ChatHistory(IDbContextFactory<ClassroomDb> dbs, IOptions<ChatOptions> options)
{
    /// <summary>Messages after <paramref name="afterSeq"/>, oldest first; without it, the most recent ones.</summary>
    public async Task<IReadOnlyList<ChatMessageView>> ReadAsync(Guid lessonId, string participantId, Role role, long? afterSeq, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var query = db.ChatMessages.AsNoTracking().Where(m => m.LessonId == lessonId && !m.Deleted);
        if (!role.IsStaff())
        {
            query = query.Where(m => m.Audience == ChatAudience.Everyone || m.SenderId == participantId || m.TargetId == participantId);
        }
        var limit = options.Value.SnapshotHistory;
        List<ChatRecord> rows;
        if (afterSeq is { } after)
        {
            // A reconnecting client needs everything it missed, in order; the cap only bounds a pathological gap.
            rows = await query.Where(m => m.Seq > after).OrderBy(m => m.Seq).Take(limit * 10).ToListAsync(ct);
        }
        else
        {
            rows = await query.OrderByDescending(m => m.Seq).Take(limit).ToListAsync(ct);
            rows.Reverse();
        }
        return rows.Select(Views.Of).ToList();
    }

    /// <summary>Seqs the teacher deleted in this lesson: a rejoining client removes them from its screen.</summary>
    public async Task<IReadOnlyList<long>> DeletedAsync(Guid lessonId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.ChatMessages.AsNoTracking().Where(m => m.LessonId == lessonId && m.Deleted).OrderBy(m => m.Seq).Select(m => m.Seq).ToListAsync(ct);
    }
}
