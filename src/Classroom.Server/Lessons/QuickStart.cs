using Classroom.Core.Errors;
using Classroom.Core.Lessons;
using Classroom.Core.Participants;
using Classroom.Server.Accounts;
using Classroom.Server.Cabinets;
using Classroom.Server.Hosting;
using Classroom.Server.Live;
using Classroom.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Lessons;

/// <summary>"Start a lesson now": <paramref name="DurationMinutes"/> defaults to a school period of 45 minutes.</summary>
public sealed record StartNowRequest(Guid ClassId, int? DurationMinutes = null, string? Title = null);

/// <summary>
/// One click from the dashboard to a running lesson: it starts now with entry open at once, so the
/// printed codes and the class link lead straight into it. If a lesson of this class in this cabinet
/// already has its entry open (a second click, a retried request on a slow line, or the scheduled
/// lesson about to start), that lesson is returned instead of a second one beside it.
/// </summary>
public static class QuickStart
{
    public const int DefaultDurationMinutes = 45;

    public static void MapQuickStart(this RouteGroupBuilder cabinetLessons)
    {
        cabinetLessons.MapPost("/now", async (Guid cabinetId, StartNowRequest request, HttpContext http, ClassroomDb db, LessonReader reader,
            IOptions<ClassroomOptions> options, TimeProvider time) =>
        {
            var owner = Owner.IdOf(http.User);
            await CabinetEndpoints.FindOwnedAsync(db, cabinetId, owner);
            if (request is null || !await db.Classes.AnyAsync(c => c.Id == request.ClassId && c.OwnerId == owner))
                throw new ClassroomException(ErrorCodes.NotFound, "No such class.");
            var now = time.GetUtcNow();
            var grace = options.Value.OverrunGrace;
            var running = (await Credentials.RecentAndComingAsync(db, request.ClassId, now, CancellationToken.None))
                .Where(l => l.CabinetId == cabinetId)
                .Select(l => (Lesson: l, Clock: LessonFacts.ClockOf(l)))
                .Where(x => x.Clock.PhaseAt(now, grace) is LessonPhase.Open or LessonPhase.InProgress)
                .OrderByDescending(x => x.Clock.EntryOpensAt)
                .Select(x => x.Lesson)
                .FirstOrDefault();
            if (running is not null) return Results.Ok(await reader.OwnedAsync(db, running.Id, owner));

            var duration = request.DurationMinutes ?? DefaultDurationMinutes;
            // Entry opens at the start, that is now: the latest-opened lesson is the one a code leads to
            // (LessonPicker), so this lesson wins over one scheduled a little later for the same class.
            _ = new LessonSchedule(now, TimeSpan.FromMinutes(duration), TimeSpan.Zero, null);
            var lesson = new LessonRecord
            {
                Id = Guid.NewGuid(),
                CabinetId = cabinetId,
                ClassId = request.ClassId,
                Title = string.IsNullOrWhiteSpace(request.Title) ? string.Empty : DisplayName.Clean(request.Title),
                StartsAt = now,
                DurationMinutes = duration,
                EntryOpensMinutesBefore = 0,
                CreatedAt = now,
            };
            db.Lessons.Add(lesson);
            await db.SaveChangesAsync();
            return Results.Created($"/api/lessons/{lesson.Id}", await reader.OwnedAsync(db, lesson.Id, owner));
        });
    }
}
