using System.Collections.Concurrent;
using Classroom.Core.Chat;
using Classroom.Core.Errors;
using Classroom.Core.Lessons;
using Classroom.Core.Live;
using Classroom.Core.Moderation;
using Classroom.Server.Hosting;
using Classroom.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Live;

/// <summary>The live rooms of this node, created on first use from the stored lesson.</summary>
public sealed class LessonRooms(
    IDbContextFactory<ClassroomDb> dbs,
    IOptions<ChatOptions> chat,
    IOptions<ClassroomOptions> options,
    TimeProvider time,
    ILogger<LessonRoom> roomLogger)
{
    private readonly ConcurrentDictionary<Guid, Lazy<Task<LessonRoom>>> _rooms = new();

    public IEnumerable<LessonRoom> Loaded =>
        _rooms.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully).Select(l => l.Value.Result);

    public int LessonsInProgress => Loaded.Count(r => !r.Live.Ended && r.Live.Present.Count > 0);

    public int CabinetsLive => Loaded.Where(r => !r.Live.Ended && r.Live.Present.Count > 0).Select(r => r.Facts.CabinetId).Distinct().Count();

    public LessonRoom? Find(Guid lessonId) =>
        _rooms.TryGetValue(lessonId, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully ? lazy.Value.Result : null;

    public async Task<LessonRoom> GetAsync(Guid lessonId, CancellationToken ct)
    {
        var lazy = _rooms.GetOrAdd(lessonId, id => new Lazy<Task<LessonRoom>>(() => LoadAsync(id)));
        try
        {
            return await lazy.Value.WaitAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || lazy.Value.IsFaulted)
        {
            // A failed load (no such lesson, a busy database) must not stick: the next join tries again.
            if (lazy.Value.IsFaulted) _rooms.TryRemove(new KeyValuePair<Guid, Lazy<Task<LessonRoom>>>(lessonId, lazy));
            throw;
        }
    }

    /// <summary>
    /// Every room of this node that belongs to <paramref name="cabinetId"/>, waiting for rooms still
    /// loading: a room that began loading before a ban was stored may have missed it in the database,
    /// and is here to be told; one that begins after reads it. Rooms that fail to load are skipped.
    /// </summary>
    public async Task<IReadOnlyList<LessonRoom>> OfCabinetAsync(Guid cabinetId)
    {
        var found = new List<LessonRoom>();
        foreach (var lazy in _rooms.Values.ToList())
        {
            try
            {
                var room = await lazy.Value;
                if (room.Facts.CabinetId == cabinetId) found.Add(room);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Its loader reports the failure to whoever asked for that room.
            }
        }
        return found;
    }

    /// <summary>Forgets an ended room nobody is in any more; a later join reloads it (and is refused as ended).</summary>
    public void Evict(LessonRoom room)
    {
        if (_rooms.TryGetValue(room.LessonId, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && lazy.Value.Result == room
            && _rooms.TryRemove(new KeyValuePair<Guid, Lazy<Task<LessonRoom>>>(room.LessonId, lazy)))
        {
            // Not disposed: a join that already holds this room may still wait on its gate (and be refused as ended).
            room.Close();
        }
    }

    /// <summary>Reads the lesson's facts again after the teacher changed them (opened early, ended).</summary>
    public async Task RefreshAsync(LessonRoom room, CancellationToken ct) => room.Facts = await ReadFactsAsync(room.LessonId, ct);

    private async Task<LessonRoom> LoadAsync(Guid lessonId)
    {
        var facts = await ReadFactsAsync(lessonId, CancellationToken.None);
        await using var db = await dbs.CreateDbContextAsync();
        var lastSeq = await db.ChatMessages.Where(m => m.LessonId == lessonId).MaxAsync(m => (long?)m.Seq) ?? 0;
        var live = new LiveLesson(lessonId, facts.CabinetId, lastSeq, chat.Value) 
        {
            MaxLobby = options.Value.MaxLobbySize,
            MaxGuestLobby = options.Value.MaxGuestLobbySize,
        };
        var bans = await db.Bans.AsNoTracking()
            .Where(b => b.LiftedAt == null && (b.LessonId == lessonId || (b.Scope == BanScope.Cabinet && b.CabinetId == facts.CabinetId)))
            .ToListAsync();
        live.LoadBans(bans.Select(b => new Ban(b.Id, b.ParticipantId, b.Name, b.Scope, b.Reason, b.At)));
        var now = time.GetUtcNow();
        if (facts.Clock.IsEnded(now, options.Value.OverrunGrace)) live.End();
        return new LessonRoom(facts, live, roomLogger) { PublishedPhase = facts.Clock.PhaseAt(now, options.Value.OverrunGrace) };
    }

    private async Task<LessonFacts> ReadFactsAsync(Guid lessonId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var row = await (
            from l in db.Lessons
            join c in db.Cabinets on l.CabinetId equals c.Id
            join k in db.Classes on l.ClassId equals k.Id
            where l.Id == lessonId
            select new { Lesson = l, Cabinet = c, ClassName = k.Name }).FirstOrDefaultAsync(ct)
            ?? throw new ClassroomException(ErrorCodes.NotFound, "No such lesson.");
        return new LessonFacts(row.Lesson.Id, row.Cabinet.Id, row.Cabinet.OwnerId, row.Cabinet.Name, row.Cabinet.Subject,
            row.Lesson.ClassId, row.ClassName, row.Lesson.Title, LessonFacts.ClockOf(row.Lesson));
    }
}
