using Classroom.Core.Errors;
using Classroom.Core.Guests;
using Classroom.Core.JoinCodes;
using Classroom.Core.Participants;
using Classroom.Server.Accounts;
using Classroom.Server.Live;
using Classroom.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Classroom.Server.Lessons;

/// <summary><paramref name="Cap"/>: guests the link lets in at once (observer and display links; null for the role's default).</summary>
public sealed record CreateLinkRequest(string Role, string? Name = null, int? Cap = null);

/// <summary>A lesson link as staff see it: <paramref name="InUse"/> guests are in the lesson by it now.</summary>
public sealed record LinkView(string Token, string Role, DateTimeOffset CreatedAt, string Name = "", int? Cap = null, int InUse = 0);

/// <summary>Per-lesson links for observers, display screens and co-teachers: create with a name and cap, list, revoke.</summary>
public static class LinkEndpoints
{
    /// <summary>The roles a link can give and their names in requests and answers: the one mapping, both ways.</summary>
    private static readonly (string Name, Role? Role)[] LinkRoles = [("observer", Role.Observer), ("display", Role.Display), ("coteacher", Role.CoTeacher)];

    public static void MapLinks(this RouteGroupBuilder lessons)
    {
        lessons.MapGet("/links", async (Guid id, HttpContext http, ClassroomDb db, LessonReader reader, LessonRooms rooms, CancellationToken ct) =>
        {
            await reader.OwnedAsync(db, id, Owner.IdOf(http.User));
            var links = await db.LessonLinks.AsNoTracking().Where(l => l.LessonId == id).ToListAsync(ct);
            var inUse = await InUseAsync(rooms.Find(id), links, ct);
            return Results.Ok(links.OrderBy(l => l.CreatedAt).Select(l => View(l, inUse.GetValueOrDefault(l.Token))));
        });
        lessons.MapPost("/links", async (Guid id, CreateLinkRequest request, HttpContext http, ClassroomDb db, LessonReader reader, TimeProvider time) =>
        {
            await reader.OwnedAsync(db, id, Owner.IdOf(http.User));
            var named = (request?.Role ?? string.Empty).ToLowerInvariant();
            var role = LinkRoles.FirstOrDefault(r => r.Name == named).Role
                ?? throw new ClassroomException(ErrorCodes.BadRequest, "Role must be observer, display or coteacher.");
            // A co-teacher signs in with their own account: one person, no cap to set.
            int? cap = role == Role.CoTeacher ? null : GuestLinks.CapFor(role, request!.Cap);
            var name = GuestLinks.NameFor(role, request!.Name);
            if (await db.LessonLinks.CountAsync(l => l.LessonId == id) >= GuestLinks.MaxLinksPerLesson)
                throw new ClassroomException(ErrorCodes.TooManyLinks, $"A lesson has at most {GuestLinks.MaxLinksPerLesson} links; delete one first.");
            var link = new LessonLinkRecord { Token = LinkToken.NewToken(), LessonId = id, Role = role, CreatedAt = time.GetUtcNow(), Name = name, Cap = cap };
            db.LessonLinks.Add(link);
            await db.SaveChangesAsync();
            return Results.Created($"/api/lessons/{id}/links/{link.Token}", View(link, 0));
        });
        lessons.MapDelete("/links/{token}", async (Guid id, string token, HttpContext http, ClassroomDb db, LessonReader reader, LessonRooms rooms, LessonPublisher publisher) =>
        {
            await reader.OwnedAsync(db, id, Owner.IdOf(http.User));
            var link = await db.LessonLinks.FirstOrDefaultAsync(l => l.LessonId == id && l.Token == token)
                ?? throw new ClassroomException(ErrorCodes.NotFound, "No such link.");
            db.LessonLinks.Remove(link);
            await db.SaveChangesAsync();
            // Revoked: whoever came in by it leaves now, not only nobody new.
            if (rooms.Find(id) is { } room)
                await room.LockedAsync(() => publisher.ApplyAsync(room, room.Live.RevokeLink(token)), CancellationToken.None);
            return Results.NoContent();
        });
    }

    private static async Task<Dictionary<string, int>> InUseAsync(LessonRoom? room, List<LessonLinkRecord> links, CancellationToken ct)
    {
        if (room is null) return [];
        return await room.LockedAsync(() => Task.FromResult(links.ToDictionary(l => l.Token, l => room.Live.GuestsOf(l.Token), StringComparer.Ordinal)), ct);
    }

    private static LinkView View(LessonLinkRecord l, int inUse) => new(l.Token, LinkRoles.First(r => r.Role == l.Role).Name,
        l.CreatedAt, l.Role == Role.Display ? GuestLinks.ScreenName(l.Name) : l.Name,
        l.Role == Role.CoTeacher ? null : GuestLinks.StoredCap(l.Role, l.Cap), inUse);
}
