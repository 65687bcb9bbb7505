using Classroom.Core.Errors;
using Classroom.Core.JoinCodes;
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

public sealed record ScheduleLessonRequest(
    Guid ClassId,
    string? Title,
    DateTimeOffset StartsAt,
    int DurationMinutes,
    int? EntryOpensMinutesBefore,
    int? EntryClosesMinutesAfterStart);

public sealed record LessonView(
    Guid Id, Guid CabinetId, string CabinetName, string Subject, Guid ClassId, string ClassName, string Title,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset EntryOpensAt, DateTimeOffset EntryClosesAt,
    DateTimeOffset? OpenedEarlyAt, DateTimeOffset? EndedAt, int Phase);


/// <summary>Scheduling lessons in a cabinet, the teacher's open-early/end, and per-lesson links.</summary>
public static class LessonEndpoints
{
    public static void MapLessons(this IEndpointRouteBuilder app)
    {
        var cabinets = app.MapGroup("/api/cabinets/{cabinetId:guid}/lessons").RequireAuthorization();
        cabinets.MapGet("/", async (Guid cabinetId, HttpContext http, ClassroomDb db, LessonReader reader) =>
        {
            await CabinetEndpoints.FindOwnedAsync(db, cabinetId, Owner.IdOf(http.User));
            return Results.Ok(await reader.ListAsync(db, cabinetId));
        });
        cabinets.MapPost("/", ScheduleAsync);
        cabinets.MapQuickStart();

        var lessons = app.MapGroup("/api/lessons/{id:guid}").RequireAuthorization();
        lessons.MapGet("/", async (Guid id, HttpContext http, ClassroomDb db, LessonReader reader) =>
            Results.Ok(await reader.OwnedAsync(db, id, Owner.IdOf(http.User))));
        lessons.MapPost("/open-early", async (Guid id, HttpContext http, ClassroomDb db, LessonReader reader, LessonControl control, CancellationToken ct) =>
        {
            await reader.OwnedAsync(db, id, Owner.IdOf(http.User));
            await control.OpenEarlyAsync(id, ct);
            return Results.Ok(await reader.OwnedAsync(db, id, Owner.IdOf(http.User)));
        });
        lessons.MapPost("/end", async (Guid id, HttpContext http, ClassroomDb db, LessonReader reader, LessonControl control, CancellationToken ct) =>
        {
            await reader.OwnedAsync(db, id, Owner.IdOf(http.User));
            await control.EndAsync(id, ct);
            return Results.Ok(await reader.OwnedAsync(db, id, Owner.IdOf(http.User)));
        });
        lessons.MapLinks();
    }

    private static async Task<IResult> ScheduleAsync(
        Guid cabinetId, ScheduleLessonRequest request, HttpContext http, ClassroomDb db, LessonReader reader,
        IOptions<ClassroomOptions> options, TimeProvider time)
    {
        var owner = Owner.IdOf(http.User);
        await CabinetEndpoints.FindOwnedAsync(db, cabinetId, owner);
        if (request is null) throw new ClassroomException(ErrorCodes.BadRequest, "The lesson is missing.");
        await EnsureOwnClassAsync(db, request.ClassId, owner);
        var now = time.GetUtcNow();
        if (request.StartsAt < now.AddDays(-1) || request.StartsAt > now.AddDays(366))
            throw new ClassroomException(ErrorCodes.InvalidSchedule, "A lesson starts between yesterday and a year from now.");
        var opensBefore = request.EntryOpensMinutesBefore ?? options.Value.DefaultEntryOpensMinutesBefore;
        var lesson = await CreateAsync(db, cabinetId, request.ClassId, request.Title,
            request.StartsAt, request.DurationMinutes, opensBefore, request.EntryClosesMinutesAfterStart, now);
        return Results.Created($"/api/lessons/{lesson.Id}", await reader.OwnedAsync(db, lesson.Id, owner));
    }

    public static async Task EnsureOwnClassAsync(ClassroomDb db, Guid classId, string owner)
    {
        if (!await db.Classes.AnyAsync(c => c.Id == classId && c.OwnerId == owner))
            throw new ClassroomException(ErrorCodes.NotFound, "No such class.");
    }

    /// <summary>
    /// Stores a new lesson (the caller checked that the cabinet and the class are the teacher's), after
    /// <see cref="LessonSchedule"/> has checked the schedule, with the title cleaned.
    /// </summary>
    public static async Task<LessonRecord> CreateAsync(
        ClassroomDb db, Guid cabinetId, Guid classId, string? title,
        DateTimeOffset startsAt, int durationMinutes, int opensBefore, int? closesAfter, DateTimeOffset now)
    {
        // Validates the schedule (durations, window inside the lesson) before anything is stored.
        _ = new LessonSchedule(startsAt, TimeSpan.FromMinutes(durationMinutes), TimeSpan.FromMinutes(opensBefore),
            closesAfter is { } c ? TimeSpan.FromMinutes(c) : null);
        var lesson = new LessonRecord
        {
            Id = Guid.NewGuid(),
            CabinetId = cabinetId,
            ClassId = classId,
            Title = string.IsNullOrWhiteSpace(title) ? string.Empty : DisplayName.Clean(title),
            StartsAt = startsAt.ToUniversalTime(),
            DurationMinutes = durationMinutes,
            EntryOpensMinutesBefore = opensBefore,
            EntryClosesMinutesAfterStart = closesAfter,
            CreatedAt = now,
        };
        db.Lessons.Add(lesson);
        await db.SaveChangesAsync();
        return lesson;
    }
}
