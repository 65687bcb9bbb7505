using System.Security.Claims;
using Classroom.Contracts;
using Classroom.Core.Errors;
using Classroom.Core.Guests;
using Classroom.Core.JoinCodes;
using Classroom.Core.Lessons;
using Classroom.Core.Participants;
using Classroom.Server.Hosting;
using Classroom.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Live;

/// <summary>Who is asking, and for which lesson.</summary>
public sealed record EntryTicket(Guid LessonId, ParticipantIdentity Identity);

/// <summary>
/// Turns what a joining client presents (a student's code, a lesson link, or a teacher's login) into
/// an identity and a lesson. Every refusal is a stable code; nothing here changes state.
/// </summary>
public sealed class Credentials(IDbContextFactory<ClassroomDb> dbs, IOptions<ClassroomOptions> options, TimeProvider time)
{
    public async Task<EntryTicket> ResolveAsync(ClaimsPrincipal user, JoinRequest request, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (!string.IsNullOrWhiteSpace(request.Code))
        {
            if (JoinCode.TryNormalize(request.Code, out var code)) return await ForStudentAsync(db, code, request.LessonId, ct);
            if (LinkToken.IsWellFormed(request.Code)) return await ForLinkAsync(db, user, request.Code, request.DisplayName, ct);
            throw new ClassroomException(ErrorCodes.UnknownCode, "This code is not valid.");
        }
        if (request.LessonId is { } lessonId) return await ForOwnerAsync(db, user, lessonId, ct);
        throw new ClassroomException(ErrorCodes.BadRequest, "Give a join code or a lesson.");
    }

    private async Task<EntryTicket> ForStudentAsync(ClassroomDb db, string code, Guid? lessonId, CancellationToken ct)
    {
        var student = await db.Students.AsNoTracking().FirstOrDefaultAsync(s => s.JoinCode == code && !s.Removed, ct)
            ?? throw new ClassroomException(ErrorCodes.UnknownCode, "This code is not valid.");
        var identity = ParticipantIdentity.ForStudent(student.Id, student.Name);
        if (lessonId is { } asked)
        {
            var lesson = await db.Lessons.AsNoTracking().FirstOrDefaultAsync(l => l.Id == asked, ct)
                ?? throw new ClassroomException(ErrorCodes.NoLesson, "There is no such lesson.");
            if (lesson.ClassId != student.ClassId)
                throw new ClassroomException(ErrorCodes.NotOnRoster, "You are not on the roster of this lesson.");
            return new EntryTicket(lesson.Id, identity);
        }
        return new EntryTicket(await PickLessonAsync(db, student.ClassId, ct), identity);
    }

    /// <summary>The class's lesson a code leads to now (<see cref="LessonPicker"/>); an ended one is reported as such, not as "no lesson".</summary>
    private async Task<Guid> PickLessonAsync(ClassroomDb db, Guid classId, CancellationToken ct)
    {
        var lessons = await RecentAndComingAsync(db, classId, time.GetUtcNow(), ct);
        if (LessonPicker.Pick(lessons.Select(l => (l, LessonFacts.ClockOf(l))), time.GetUtcNow(), options.Value.OverrunGrace) is { } chosen) return chosen.Lesson.Id;
        if (lessons.Count > 0) throw new ClassroomException(ErrorCodes.LessonEnded, "The lesson has ended.");
        throw new ClassroomException(ErrorCodes.NoLesson, "No lesson is scheduled for your class.");
    }

    /// <summary>
    /// A class's lessons that can still be live or are to come. Lessons last at most 8 hours (plus
    /// overrun): a day back covers every lesson that can still be live.
    /// </summary>
    public static Task<List<LessonRecord>> RecentAndComingAsync(ClassroomDb db, Guid classId, DateTimeOffset now, CancellationToken ct)
    {
        var since = now.AddDays(-1);
        return db.Lessons.AsNoTracking().Where(l => l.ClassId == classId && l.StartsAt > since).ToListAsync(ct);
    }

    private static async Task<EntryTicket> ForLinkAsync(ClassroomDb db, ClaimsPrincipal user, string token, string? displayName, CancellationToken ct)
    {
        var link = await db.LessonLinks.AsNoTracking().FirstOrDefaultAsync(l => l.Token == token, ct)
            ?? throw new ClassroomException(ErrorCodes.UnknownCode, "This link is not valid.");
        switch (link.Role)
        {
            case Role.CoTeacher:
            {
                var userId = UserId(user) ?? throw new ClassroomException(ErrorCodes.Forbidden, "Log in as a teacher to join as a co-teacher.");
                var account = await db.Users.AsNoTracking().FirstAsync(u => u.Id == userId, ct);
                return new EntryTicket(link.LessonId, ParticipantIdentity.ForStaff(userId, Role.CoTeacher, account.DisplayName));
            }
            case Role.Observer:
                if (string.IsNullOrWhiteSpace(displayName)) throw new ClassroomException(ErrorCodes.NameRequired, "Enter your name.");
                return new EntryTicket(link.LessonId, ParticipantIdentity.ForGuest(Guid.NewGuid(), Role.Observer, DisplayName.Clean(displayName), PassOf(link)));
            default:
                // A screen is called what the teacher named its link; the page cannot choose another name.
                return new EntryTicket(link.LessonId, ParticipantIdentity.ForGuest(Guid.NewGuid(), Role.Display, GuestLinks.ScreenName(link.Name), PassOf(link)));
        }
    }

    private static GuestPass PassOf(LessonLinkRecord link) => new(link.Token, GuestLinks.StoredCap(link.Role, link.Cap));

    private static async Task<EntryTicket> ForOwnerAsync(ClassroomDb db, ClaimsPrincipal user, Guid lessonId, CancellationToken ct)
    {
        var userId = UserId(user) ?? throw new ClassroomException(ErrorCodes.Forbidden, "Log in to enter your cabinet.");
        var owner = await (
            from l in db.Lessons
            join c in db.Cabinets on l.CabinetId equals c.Id
            where l.Id == lessonId
            select c.OwnerId).FirstOrDefaultAsync(ct);
        if (owner != userId) throw new ClassroomException(ErrorCodes.Forbidden, "This is not your lesson.");
        var account = await db.Users.AsNoTracking().FirstAsync(u => u.Id == userId, ct);
        return new EntryTicket(lessonId, ParticipantIdentity.ForStaff(userId, Role.Teacher, account.DisplayName));
    }

    private static string? UserId(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;
}
