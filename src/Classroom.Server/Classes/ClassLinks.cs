using Classroom.Core.Errors;
using Classroom.Core.JoinCodes;
using Classroom.Core.Lessons;
using Classroom.Server.Accounts;
using Classroom.Server.Hosting;
using Classroom.Server.Live;
using Classroom.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Classes;

/// <summary>A lesson as the class link page shows it: nothing a stranger could use to get in.</summary>
public sealed record ClassLessonView(string Title, string CabinetName, string Subject, DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset EntryOpensAt, int Phase);

/// <summary>
/// The class link page's data: the lesson the class's codes lead to now (<paramref name="Current"/>:
/// entry open, or running), the next one to come (<paramref name="Next"/>: "no lesson now; the next
/// is …"), the server's clock, and the school's time zone for showing times.
/// </summary>
public sealed record ClassLinkView(string ClassName, ClassLessonView? Current, ClassLessonView? Next, DateTimeOffset ServerNow, string TimeZone);

public sealed record ClassLinkTokenView(string LinkToken);

/// <summary>
/// The standing class link, <c>/k/{token}</c>: always leads to the class's current or next lesson.
/// The page shows that lesson and asks for the student's personal code; the link itself lets nobody
/// in, so sharing it in a parents' chat gives a stranger nothing but the timetable.
/// </summary>
public static class ClassLinks
{
    public const string LookupRateLimit = "class-link";

    public static void MapClassLinks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/classes/{id:guid}/link", async (Guid id, HttpContext http, ClassroomDb db) =>
        {
            var record = await ClassEndpoints.FindOwnedAsync(db, id, Owner.IdOf(http.User));
            record.LinkToken = await UniqueTokenAsync(db);
            await db.SaveChangesAsync();
            return Results.Ok(new ClassLinkTokenView(record.LinkToken));
        }).RequireAuthorization();

        // Anyone with the link: it is a secret of the same strength as a lesson link.
        app.MapGet("/api/class-links/{token}", async (string token, ClassroomDb db, IOptions<ClassroomOptions> options, SchoolTime school, TimeProvider time, CancellationToken ct) =>
        {
            if (!LinkToken.IsWellFormed(token)) throw new ClassroomException(ErrorCodes.NotFound, "This link is not valid.");
            var klass = await db.Classes.AsNoTracking().FirstOrDefaultAsync(c => c.LinkToken == token, ct)
                ?? throw new ClassroomException(ErrorCodes.NotFound, "This link is not valid.");
            var now = time.GetUtcNow();
            var grace = options.Value.OverrunGrace;
            var lessons = (await Credentials.RecentAndComingAsync(db, klass.Id, now, ct)).Select(l => (l, LessonFacts.ClockOf(l))).ToList();
            var current = LessonPicker.Current(lessons, now, grace);
            var next = LessonPicker.Upcoming(lessons, now, grace);
            var cabinetIds = new[] { current?.CabinetId, next?.CabinetId }.OfType<Guid>().ToList();
            var cabinets = await db.Cabinets.AsNoTracking().Where(c => cabinetIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
            ClassLessonView? View(LessonRecord? l)
            {
                if (l is null) return null;
                var clock = LessonFacts.ClockOf(l);
                var cabinet = cabinets.GetValueOrDefault(l.CabinetId);
                return new ClassLessonView(l.Title, cabinet?.Name ?? string.Empty, cabinet?.Subject ?? string.Empty,
                    clock.Schedule.StartsAt, clock.Schedule.EndsAt, clock.EntryOpensAt, (int)clock.PhaseAt(now, grace));
            }
            return Results.Ok(new ClassLinkView(klass.Name, View(current), View(next), now, school.ZoneId));
        }).RequireRateLimiting(LookupRateLimit);
    }

    public static async Task<string> UniqueTokenAsync(ClassroomDb db)
    {
        while (true)
        {
            var token = LinkToken.NewToken();
            if (!await db.Classes.AnyAsync(c => c.LinkToken == token)) return token;
        }
    }
}
