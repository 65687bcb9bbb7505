using Classroom.Core.Errors;
using Classroom.Core.JoinCodes;
using Classroom.Core.Participants;
using Classroom.Core.Rosters;
using Classroom.Server.Accounts;
using Classroom.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Classroom.Server.Classes;

public sealed record ClassRequest(string Name);
public sealed record ClassSummary(Guid Id, string Name, int StudentCount);
public sealed record StudentView(Guid Id, string Name, string Code, string CodeDisplay);

/// <summary>A soft-removed student, whom the teacher can bring back with the same code.</summary>
public sealed record RemovedStudentView(Guid Id, string Name, DateTimeOffset? RemovedAt);

/// <summary>What an import did or would do: names added, brought back, already there, and lines left out.</summary>
public sealed record RosterReport(IReadOnlyList<string> Added, IReadOnlyList<string> Restored, IReadOnlyList<string> Unchanged, IReadOnlyList<SkippedLine> Skipped);

/// <summary>
/// A class with its active roster (sorted by name), the removed students that can be restored, the
/// standing class link's token, and after an import its report.
/// </summary>
public sealed record ClassView(
    Guid Id, string Name, IReadOnlyList<StudentView> Students,
    IReadOnlyList<RemovedStudentView>? Removed = null, string? LinkToken = null, RosterReport? Import = null);

/// <summary>Classes; their rosters are in <see cref="RosterEndpoints"/>, every student with a personal join code.</summary>
public static class ClassEndpoints
{
    public static void MapClasses(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/classes").RequireAuthorization();
        group.MapGet("/", async (HttpContext http, ClassroomDb db) =>
        {
            var owner = Owner.IdOf(http.User);
            var rows = await db.Classes.AsNoTracking().Where(c => c.OwnerId == owner).OrderBy(c => c.Name)
                .Select(c => new ClassSummary(c.Id, c.Name, c.Students.Count(s => !s.Removed))).ToListAsync();
            return Results.Ok(rows);
        });
        group.MapPost("/", async (ClassRequest request, HttpContext http, ClassroomDb db, TimeProvider time) =>
        {
            var record = new ClassRecord
            {
                Id = Guid.NewGuid(), OwnerId = Owner.IdOf(http.User), Name = DisplayName.Clean(request?.Name), CreatedAt = time.GetUtcNow(),
                LinkToken = await ClassLinks.UniqueTokenAsync(db),
            };
            db.Classes.Add(record);
            await db.SaveChangesAsync();
            return Results.Created($"/api/classes/{record.Id}", new ClassSummary(record.Id, record.Name, 0));
        });
        group.MapGet("/{id:guid}", async (Guid id, HttpContext http, ClassroomDb db) =>
        {
            var record = await FindOwnedAsync(db, id, Owner.IdOf(http.User));
            // Classes made before class links existed get theirs when first shown.
            if (record.LinkToken is null)
            {
                record.LinkToken = await ClassLinks.UniqueTokenAsync(db);
                await db.SaveChangesAsync();
            }
            return Results.Ok(View(record));
        });
        group.MapRoster();
    }

    public static async Task<ClassRecord> FindOwnedAsync(ClassroomDb db, Guid id, string ownerId) =>
        await db.Classes.Include(c => c.Students).FirstOrDefaultAsync(c => c.Id == id && c.OwnerId == ownerId)
        ?? throw new ClassroomException(ErrorCodes.NotFound, "No such class.");

    public static ClassView View(ClassRecord c, RosterReport? import = null) =>
        new(c.Id, c.Name,
            c.Students.Where(s => !s.Removed).OrderBy(s => s.Name, StringComparer.CurrentCulture).Select(View).ToList(),
            c.Students.Where(s => s.Removed).OrderByDescending(s => s.RemovedAt).ThenBy(s => s.Name, StringComparer.CurrentCulture)
                .Select(s => new RemovedStudentView(s.Id, s.Name, s.RemovedAt)).ToList(),
            c.LinkToken, import);

    public static StudentView View(StudentRecord s) => new(s.Id, s.Name, s.JoinCode, JoinCode.Display(s.JoinCode));
}
