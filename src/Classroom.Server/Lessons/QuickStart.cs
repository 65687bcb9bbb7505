using Classroom.Core.Errors;
using Classroom.Core.Lessons;
using Classroom.Server.Accounts;
using Classroom.Server.Cabinets;
using Classroom.Server.Hosting;
using Classroom.Server.Live;
using Classroom.Server.Storage;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Lessons;

/// <summary>"Start a lesson now": <paramref name="DurationMinutes"/> defaults to a school period of 45 minutes.</summary>
public sealed record StartNowRequest(Guid ClassId, int? DurationMinutes = null, string? Title = null);

/// <summary>
/// One click from the dashboard to a running lesson: it starts now with entry open at once, so the
/// printed codes and the class link lead straight into it. If a lesson of this class in this cabinet
/// is open or running (<see cref="LessonPicker.Current{T}"/>: a second click, a retried request on a
/// slow line, or the scheduled lesson about to start), that lesson is returned instead of a second one.
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
            if (request is null) throw new ClassroomException(ErrorCodes.NotFound, "No such class.");
            await LessonEndpoints.EnsureOwnClassAsync(db, request.ClassId, owner);
            var now = time.GetUtcNow();
            var inThisCabinet = (await Credentials.RecentAndComingAsync(db, request.ClassId, now, CancellationToken.None))
                .Where(l => l.CabinetId == cabinetId)
                .Select(l => (l, LessonFacts.ClockOf(l)));
            if (LessonPicker.Current(inThisCabinet, now, options.Value.OverrunGrace) is { } running)
                return Results.Ok(await reader.OwnedAsync(db, running.Id, owner));

            // Entry opens at the start, that is now: the latest-opened lesson is the one a code leads to
            // (LessonPicker), so this lesson wins over one scheduled a little later for the same class.
            var lesson = await LessonEndpoints.CreateAsync(db, cabinetId, request.ClassId, request.Title,
                now, request.DurationMinutes ?? DefaultDurationMinutes, opensBefore: 0, closesAfter: null, now);
            return Results.Created($"/api/lessons/{lesson.Id}", await reader.OwnedAsync(db, lesson.Id, owner));
        });
    }
}
