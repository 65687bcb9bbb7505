using Classroom.Core.Errors;
using Classroom.Core.JoinCodes;
using Classroom.Core.Participants;
using Classroom.Core.Rosters;
using Classroom.Server.Accounts;
using Classroom.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Classroom.Server.Classes;

public sealed record ClassRequest(string Name);
public sealed record AddStudentsRequest(string Text);
public sealed record ClassSummary(Guid Id, string Name, int StudentCount);
public sealed record StudentView(Guid Id, string Name, string Code, string CodeDisplay);
public sealed record ClassView(Guid Id, string Name, IReadOnlyList<StudentView> Students);

/// <summary>Classes and their rosters; every student gets a personal join code.</summary>
public static class ClassEndpoints
{
    /// <summary>A roster file larger than this is not a class list.</summary>
    private const int MaxCsvBytes = 256 * 1024;

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
            var record = new ClassRecord { Id = Guid.NewGuid(), OwnerId = Owner.IdOf(http.User), Name = DisplayName.Clean(request?.Name), CreatedAt = time.GetUtcNow() };
            db.Classes.Add(record);
            await db.SaveChangesAsync();
            return Results.Created($"/api/classes/{record.Id}", new ClassSummary(record.Id, record.Name, 0));
        });
        group.MapGet("/{id:guid}", async (Guid id, HttpContext http, ClassroomDb db) =>
            Results.Ok(View(await FindOwnedAsync(db, id, Owner.IdOf(http.User)))));
        group.MapPost("/{id:guid}/students", async (Guid id, AddStudentsRequest request, HttpContext http, ClassroomDb db) =>
        {
            var names = RosterImport.FromText(request?.Text ?? string.Empty);
            return Results.Ok(await AddAsync(db, id, Owner.IdOf(http.User), names));
        });
        group.MapPost("/{id:guid}/students/csv", async (Guid id, HttpContext http, ClassroomDb db) =>
        {
            var bytes = await ReadUploadAsync(http.Request);
            return Results.Ok(await AddAsync(db, id, Owner.IdOf(http.User), RosterImport.FromCsv(bytes)));
        }).DisableAntiforgery();
        group.MapDelete("/{id:guid}/students/{studentId:guid}", async (Guid id, Guid studentId, HttpContext http, ClassroomDb db) =>
        {
            var record = await FindOwnedAsync(db, id, Owner.IdOf(http.User));
            var student = record.Students.FirstOrDefault(s => s.Id == studentId) ?? throw new ClassroomException(ErrorCodes.NotFound, "No such student.");
            // The row stays so attendance history keeps its name; the code stops working.
            student.Removed = true;
            student.JoinCode = $"-{Guid.NewGuid():N}"[..16];
            await db.SaveChangesAsync();
            return Results.NoContent();
        });
        group.MapPost("/{id:guid}/students/{studentId:guid}/code", async (Guid id, Guid studentId, HttpContext http, ClassroomDb db) =>
        {
            var record = await FindOwnedAsync(db, id, Owner.IdOf(http.User));
            var student = record.Students.FirstOrDefault(s => s.Id == studentId) ?? throw new ClassroomException(ErrorCodes.NotFound, "No such student.");
            student.JoinCode = await UniqueCodeAsync(db, []);
            await db.SaveChangesAsync();
            return Results.Ok(View(student));
        });
    }

    private static async Task<ClassView> AddAsync(ClassroomDb db, Guid id, string ownerId, IReadOnlyList<string> names)
    {
        var record = await FindOwnedAsync(db, id, ownerId);
        if (record.Students.Count(s => !s.Removed) + names.Count > RosterImport.MaxStudents)
            throw new ClassroomException(ErrorCodes.RosterTooLarge, $"A class has at most {RosterImport.MaxStudents} students.");
        var issued = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var code = await UniqueCodeAsync(db, issued);
            issued.Add(code);
            var student = new StudentRecord { Id = Guid.NewGuid(), ClassId = record.Id, Name = name, JoinCode = code };
            // Added to the set, not the navigation: a client-made key would otherwise be taken for an
            // existing row. EF's fix-up puts it into record.Students.
            db.Students.Add(student);
        }
        await db.SaveChangesAsync();
        return View(record);
    }

    /// <summary>49.5 random bits make a clash vanishingly rare; checking costs one indexed lookup.</summary>
    private static async Task<string> UniqueCodeAsync(ClassroomDb db, HashSet<string> issued)
    {
        while (true)
        {
            var code = JoinCode.NewCode();
            if (!issued.Contains(code) && !await db.Students.AnyAsync(s => s.JoinCode == code)) return code;
        }
    }

    private static async Task<byte[]> ReadUploadAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            var file = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null)
                ?? throw new ClassroomException(ErrorCodes.RosterUnreadable, "Attach the roster file.");
            if (file.Length > MaxCsvBytes) throw new ClassroomException(ErrorCodes.RosterTooLarge, "The file is too large for a class list.");
            using var ms = new MemoryStream();
            await file.CopyToAsync(ms);
            return ms.ToArray();
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > MaxCsvBytes) throw new ClassroomException(ErrorCodes.RosterTooLarge, "The file is too large for a class list.");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    public static async Task<ClassRecord> FindOwnedAsync(ClassroomDb db, Guid id, string ownerId) =>
        await db.Classes.Include(c => c.Students).FirstOrDefaultAsync(c => c.Id == id && c.OwnerId == ownerId)
        ?? throw new ClassroomException(ErrorCodes.NotFound, "No such class.");

    private static ClassView View(ClassRecord c) =>
        new(c.Id, c.Name, c.Students.Where(s => !s.Removed).OrderBy(s => s.Name, StringComparer.CurrentCulture).Select(View).ToList());

    private static StudentView View(StudentRecord s) => new(s.Id, s.Name, s.JoinCode, JoinCode.Display(s.JoinCode));
}
