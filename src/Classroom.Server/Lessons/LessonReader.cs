using Classroom.Core.Errors;
using Classroom.Server.Hosting;
using Classroom.Server.Live;
using Classroom.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Lessons;

/// <summary>Reads lessons as the teacher sees them, only from the caller's own cabinets.</summary>
public sealed class LessonReader(IOptions<ClassroomOptions> options, TimeProvider time)
{
    public async Task<LessonView> OwnedAsync(ClassroomDb db, Guid lessonId, string ownerId)
    {
        var rows = await Query(db).Where(x => x.Lesson.Id == lessonId && x.Cabinet.OwnerId == ownerId).ToListAsync();
        return rows.Count == 1 ? View(rows[0].Lesson, rows[0].Cabinet, rows[0].ClassName) : throw new ClassroomException(ErrorCodes.NotFound, "No such lesson.");
    }

    public async Task<IReadOnlyList<LessonView>> ListAsync(ClassroomDb db, Guid cabinetId)
    {
        var rows = await Query(db).Where(x => x.Cabinet.Id == cabinetId).ToListAsync();
        return rows.Select(r => View(r.Lesson, r.Cabinet, r.ClassName)).OrderByDescending(l => l.StartsAt).ToList();
    }

    private static IQueryable<LessonRow> Query(ClassroomDb db) =>
        from l in db.Lessons.AsNoTracking()
        join c in db.Cabinets on l.CabinetId equals c.Id
        join k in db.Classes on l.ClassId equals k.Id
        select new LessonRow { Lesson = l, Cabinet = c, ClassName = k.Name };

    private LessonView View(LessonRecord l, CabinetRecord c, string className)
    {
        var clock = LessonFacts.ClockOf(l);
        return new LessonView(l.Id, c.Id, c.Name, c.Subject, l.ClassId, className, l.Title,
            clock.Schedule.StartsAt, clock.Schedule.EndsAt, clock.EntryOpensAt, clock.Schedule.EntryClosesAt,
            l.OpenedEarlyAt, l.EndedAt, (int)clock.PhaseAt(time.GetUtcNow(), options.Value.OverrunGrace));
    }

    // Member-init, not a constructor: EF can then filter on the projected members.
    private sealed class LessonRow
    {
        public required LessonRecord Lesson { get; init; }
        public required CabinetRecord Cabinet { get; init; }
        public required string ClassName { get; init; }
    }
}
