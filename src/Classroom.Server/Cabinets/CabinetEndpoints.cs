using Classroom.Core.Errors;
using Classroom.Core.Participants;
using Classroom.Server.Accounts;
using Classroom.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Classroom.Server.Cabinets;

public sealed record CabinetRequest(string Name, string? Subject);
public sealed record CabinetView(Guid Id, string Name, string Subject);

/// <summary>A teacher's persistent virtual cabinets; they outlive lessons.</summary>
public static class CabinetEndpoints
{
    public static void MapCabinets(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cabinets").RequireAuthorization();
        group.MapGet("/", async (HttpContext http, ClassroomDb db) =>
        {
            var owner = Owner.IdOf(http.User);
            var rows = await db.Cabinets.AsNoTracking().Where(c => c.OwnerId == owner).OrderBy(c => c.CreatedAt).ToListAsync();
            return Results.Ok(rows.Select(View));
        });
        group.MapPost("/", async (CabinetRequest request, HttpContext http, ClassroomDb db, TimeProvider time) =>
        {
            var cabinet = new CabinetRecord
            {
                Id = Guid.NewGuid(),
                OwnerId = Owner.IdOf(http.User),
                Name = DisplayName.Clean(request?.Name),
                Subject = CleanSubject(request?.Subject),
                CreatedAt = time.GetUtcNow(),
            };
            db.Cabinets.Add(cabinet);
            await db.SaveChangesAsync();
            return Results.Created($"/api/cabinets/{cabinet.Id}", View(cabinet));
        });
        group.MapPut("/{id:guid}", async (Guid id, CabinetRequest request, HttpContext http, ClassroomDb db) =>
        {
            var cabinet = await FindOwnedAsync(db, id, Owner.IdOf(http.User));
            cabinet.Name = DisplayName.Clean(request?.Name);
            cabinet.Subject = CleanSubject(request?.Subject);
            await db.SaveChangesAsync();
            return Results.Ok(View(cabinet));
        });
    }

    public static async Task<CabinetRecord> FindOwnedAsync(ClassroomDb db, Guid id, string ownerId) =>
        await db.Cabinets.FirstOrDefaultAsync(c => c.Id == id && c.OwnerId == ownerId)
        ?? throw new ClassroomException(ErrorCodes.NotFound, "No such cabinet.");

    private static string CleanSubject(string? subject) => string.IsNullOrWhiteSpace(subject) ? string.Empty : DisplayName.Clean(subject);

    private static CabinetView View(CabinetRecord c) => new(c.Id, c.Name, c.Subject);
}
