using Classroom.Core.Errors;
using Classroom.Core.JoinCodes;
using Classroom.Core.Rosters;
using Classroom.Server.Accounts;
using Classroom.Server.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Classroom.Server.Classes;

public sealed record AddStudentsRequest(string Text);
public sealed record StudentIdsRequest(IReadOnlyList<Guid> Ids);

/// <summary>
/// A class's roster: import (merged by name, <see cref="RosterMerge"/>) with a preview that changes
/// nothing, removing several students at once, undoing a removal, and new codes.
/// </summary>
public static class RosterEndpoints
{
    /// <summary>A roster file (or pasted text, in characters) larger than this is not a class list.</summary>
    private const int MaxCsvBytes = 256 * 1024;

    /// <summary>
    /// The JSON body of a pasted list: room for <see cref="MaxCsvBytes"/> characters even when every
    /// Cyrillic letter is escaped as \uXXXX, and no more is read into memory.
    /// </summary>
    private const int MaxTextBodyBytes = 6 * MaxCsvBytes + 1024;

    public static void MapRoster(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/students/preview", async (Guid id, AddStudentsRequest request, HttpContext http, ClassroomDb db) =>
            Results.Ok(Report(await PlanAsync(db, id, Owner.IdOf(http.User), LinesOf(request)))))
            .WithMetadata(new RequestSizeLimitAttribute(MaxTextBodyBytes));
        group.MapPost("/{id:guid}/students/csv/preview", async (Guid id, HttpContext http, ClassroomDb db) =>
        {
            var lines = RosterImport.LinesFromCsv(await ReadUploadAsync(http.Request));
            return Results.Ok(Report(await PlanAsync(db, id, Owner.IdOf(http.User), lines)));
        }).DisableAntiforgery();
        group.MapPost("/{id:guid}/students", async (Guid id, AddStudentsRequest request, HttpContext http, ClassroomDb db, TimeProvider time) =>
            Results.Ok(await ImportAsync(db, id, Owner.IdOf(http.User), LinesOf(request), time)))
            .WithMetadata(new RequestSizeLimitAttribute(MaxTextBodyBytes));
        group.MapPost("/{id:guid}/students/csv", async (Guid id, HttpContext http, ClassroomDb db, TimeProvider time) =>
        {
            var lines = RosterImport.LinesFromCsv(await ReadUploadAsync(http.Request));
            return Results.Ok(await ImportAsync(db, id, Owner.IdOf(http.User), lines, time));
        }).DisableAntiforgery();

        group.MapPost("/{id:guid}/students/remove", async (Guid id, StudentIdsRequest request, HttpContext http, ClassroomDb db, TimeProvider time) =>
        {
            var record = await ClassEndpoints.FindOwnedAsync(db, id, Owner.IdOf(http.User));
            var now = time.GetUtcNow();
            // All or nothing: one id that is not an active student of this class refuses the lot.
            foreach (var student in Pick(record, request, removed: false))
            {
                student.Removed = true;
                student.RemovedAt = now;
            }
            await db.SaveChangesAsync();
            return Results.Ok(ClassEndpoints.View(record));
        });
        group.MapPost("/{id:guid}/students/restore", async (Guid id, StudentIdsRequest request, HttpContext http, ClassroomDb db) =>
        {
            var record = await ClassEndpoints.FindOwnedAsync(db, id, Owner.IdOf(http.User));
            var back = Pick(record, request, removed: true);
            if (record.Students.Count(s => !s.Removed) + back.Count > RosterImport.MaxStudents)
                throw new ClassroomException(ErrorCodes.RosterTooLarge, $"A class has at most {RosterImport.MaxStudents} students.");
            foreach (var student in back) await RestoreAsync(db, student);
            await db.SaveChangesAsync();
            return Results.Ok(ClassEndpoints.View(record));
        });
        group.MapDelete("/{id:guid}/students/{studentId:guid}", async (Guid id, Guid studentId, HttpContext http, ClassroomDb db, TimeProvider time) =>
        {
            var record = await ClassEndpoints.FindOwnedAsync(db, id, Owner.IdOf(http.User));
            var student = record.Students.FirstOrDefault(s => s.Id == studentId && !s.Removed) ?? throw new ClassroomException(ErrorCodes.NotFound, "No such student.");
            // The row and its code stay: the code stops working now and works again if the removal is undone.
            student.Removed = true;
            student.RemovedAt = time.GetUtcNow();
            await db.SaveChangesAsync();
            return Results.NoContent();
        });
        group.MapPost("/{id:guid}/students/{studentId:guid}/code", async (Guid id, Guid studentId, HttpContext http, ClassroomDb db) =>
        {
            var record = await ClassEndpoints.FindOwnedAsync(db, id, Owner.IdOf(http.User));
            var student = record.Students.FirstOrDefault(s => s.Id == studentId && !s.Removed) ?? throw new ClassroomException(ErrorCodes.NotFound, "No such student.");
            student.JoinCode = await UniqueCodeAsync(db, []);
            await db.SaveChangesAsync();
            return Results.Ok(ClassEndpoints.View(student));
        });
    }

    /// <summary>A pasted list as roster lines, refused like a file when it is larger than one.</summary>
    private static IReadOnlyList<RosterLine> LinesOf(AddStudentsRequest? request)
    {
        var text = request?.Text ?? string.Empty;
        if (text.Length > MaxCsvBytes) throw new ClassroomException(ErrorCodes.RosterTooLarge, "The list is too large for a class.");
        return RosterImport.LinesFromText(text);
    }

    private static async Task<RosterPlan> PlanAsync(ClassroomDb db, Guid id, string ownerId, IReadOnlyList<RosterLine> lines)
    {
        var record = await ClassEndpoints.FindOwnedAsync(db, id, ownerId);
        return Plan(record, lines);
    }

    private static RosterPlan Plan(ClassRecord record, IReadOnlyList<RosterLine> lines) =>
        RosterMerge.Plan(record.Students.OrderBy(s => s.RemovedAt ?? DateTimeOffset.MinValue).Select(s => new RosterStudent(s.Id, s.Name, s.Removed)), lines);

    private static async Task<ClassView> ImportAsync(ClassroomDb db, Guid id, string ownerId, IReadOnlyList<RosterLine> lines, TimeProvider time)
    {
        var record = await ClassEndpoints.FindOwnedAsync(db, id, ownerId);
        var plan = Plan(record, lines);
        var now = time.GetUtcNow();
        var issued = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in plan.Added)
        {
            var code = await UniqueCodeAsync(db, issued);
            issued.Add(code);
            // Added to the set, not the navigation: a client-made key would otherwise be taken for an
            // existing row. EF's fix-up puts it into record.Students.
            db.Students.Add(new StudentRecord { Id = Guid.NewGuid(), ClassId = record.Id, Name = name, JoinCode = code, AddedAt = now });
        }
        foreach (var back in plan.Restored) await RestoreAsync(db, record.Students.First(s => s.Id == back.Id), issued);
        await db.SaveChangesAsync();
        return ClassEndpoints.View(record, Report(plan));
    }

    /// <summary>Brings a removed student back with their old code (students removed before codes were kept get a new one).</summary>
    private static async Task RestoreAsync(ClassroomDb db, StudentRecord student, HashSet<string>? issued = null)
    {
        student.Removed = false;
        student.RemovedAt = null;
        if (!JoinCode.TryNormalize(student.JoinCode, out _))
        {
            student.JoinCode = await UniqueCodeAsync(db, issued ?? []);
            issued?.Add(student.JoinCode);
        }
    }

    private static List<StudentRecord> Pick(ClassRecord record, StudentIdsRequest? request, bool removed)
    {
        var ids = request?.Ids?.Distinct().ToList() ?? [];
        if (ids.Count == 0 || ids.Count > RosterImport.MaxStudents * 2)
            throw new ClassroomException(ErrorCodes.BadRequest, "Give the ids of the students.");
        var byId = record.Students.Where(s => s.Removed == removed).ToDictionary(s => s.Id);
        var picked = new List<StudentRecord>();
        foreach (var id in ids)
        {
            picked.Add(byId.GetValueOrDefault(id)
                ?? throw new ClassroomException(ErrorCodes.RosterUnknownStudent, removed ? "Not a removed student of this class." : "Not a student of this class."));
        }
        return picked;
    }

    private static RosterReport Report(RosterPlan plan) =>
        new(plan.Added, plan.Restored.Select(s => s.Name).ToList(), plan.Unchanged.Select(s => s.Name).ToList(), plan.Skipped);

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
}
