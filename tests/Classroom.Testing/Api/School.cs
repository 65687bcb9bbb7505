using Classroom.Testing.Servers;
using static Classroom.Testing.Api.SchoolApi;

namespace Classroom.Testing.Api;

/// <summary>
/// A teacher with a cabinet, a class with its roster (each student has a personal code) and a lesson,
/// made through the HTTP API as the admin and the teacher would: the common start of the live tests,
/// the end-to-end tests and the bench. The teacher's session stays signed in for more calls and her
/// hub connection.
/// </summary>
public sealed record School(
    Session Teacher, string TeacherUserName, string TeacherPassword, Cabinet Cabinet, ClassView Class, Lesson Lesson,
    IReadOnlyList<string> DisplayTokens) : IDisposable
{
    /// <summary>The server's largest display link cap (GuestLinks.MaxDisplayCap).</summary>
    public const int MaxScreensPerLink = 20;

    /// <summary>A new teacher (the admin creates her account) and her first lesson.</summary>
    public static async Task<School> CreateAsync(IClassroomServer server, LessonPlan plan, string teacherUserName = "teacher",
        string teacherDisplayName = "Мария Ивановна", CancellationToken cancellationToken = default)
    {
        var teacher = await NewTeacherAsync(server, teacherUserName, teacherDisplayName, SchoolApi.TeacherPassword, cancellationToken);
        try
        {
            return await ScheduleAsync(teacher, teacherUserName, plan, cancellationToken);
        }
        catch
        {
            teacher.Dispose();
            throw;
        }
    }

    /// <summary>A new teacher and a lesson of <paramref name="students"/> starting at <paramref name="startsAt"/>.</summary>
    public static Task<School> CreateAsync(IClassroomServer server, int students, DateTimeOffset startsAt, int durationMinutes = 45,
        int entryOpensMinutesBefore = 10, string teacherUserName = "teacher") =>
        CreateAsync(server, new LessonPlan
        {
            Students = students, StartsAt = startsAt, DurationMinutes = durationMinutes, EntryOpensMinutesBefore = entryOpensMinutesBefore,
        }, teacherUserName);

    /// <summary>
    /// Another cabinet, class and lesson of a teacher already signed in (<see cref="SchoolApi.NewTeacherAsync"/>);
    /// the returned school shares her session (dispose it once, not per school).
    /// </summary>
    public static async Task<School> ScheduleAsync(Session teacher, string teacherUserName, LessonPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(plan);
        var cabinet = await teacher.PostAsync<Cabinet>("api/cabinets", new { name = plan.CabinetName, subject = plan.Subject }, cancellationToken);
        var created = await teacher.PostAsync<ClassSummary>("api/classes", new { name = plan.ClassName }, cancellationToken);
        var klass = await teacher.PostAsync<ClassView>($"api/classes/{created.Id}/students", new { text = plan.Roster() }, cancellationToken);
        var lesson = await teacher.PostAsync<Lesson>($"api/cabinets/{cabinet.Id}/lessons", new
        {
            classId = klass.Id,
            title = plan.Title,
            startsAt = plan.StartsAt ?? DateTimeOffset.UtcNow,
            durationMinutes = plan.DurationMinutes,
            entryOpensMinutesBefore = plan.EntryOpensMinutesBefore,
        }, cancellationToken);
        var school = new School(teacher, teacherUserName, SchoolApi.TeacherPassword, cabinet, klass, lesson, []);
        // A display link lets in at most MaxScreensPerLink screens at once: one link per such group.
        var tokens = new List<string>();
        for (var i = 0; i < plan.Displays; i += MaxScreensPerLink)
        {
            var cap = Math.Min(MaxScreensPerLink, plan.Displays - i);
            tokens.AddRange(Enumerable.Repeat(await school.DisplayLinkAsync($"Филиал {i / MaxScreensPerLink + 1}", cap, cancellationToken), cap));
        }
        return school with { DisplayTokens = tokens };
    }

    /// <summary>The code of the student at <paramref name="index"/> of the roster as the server returned it (sorted by name).</summary>
    public string CodeOf(int index) => Class.Students[index].Code;

    /// <summary>The code of the student named <paramref name="name"/>.</summary>
    public string CodeOf(string name) => Class.Students.Single(s => s.Name == name).Code;

    /// <summary>Codes of every student but the named ones.</summary>
    public IEnumerable<string> CodesExcept(params string[] names) => Class.Students.Where(s => !names.Contains(s.Name)).Select(s => s.Code);

    /// <summary>Every student's code, in roster order.</summary>
    public IReadOnlyList<string> Codes => Class.Students.Select(s => s.Code).ToList();

    /// <summary>A display link for branch screens (the server's default name and cap when not given); returns its token.</summary>
    public async Task<string> DisplayLinkAsync(string? name = null, int? cap = null, CancellationToken cancellationToken = default)
    {
        object body = name is null && cap is null ? new { role = "display" } : new { role = "display", name, cap };
        return (await Teacher.PostAsync<LinkView>($"api/lessons/{Lesson.Id}/links", body, cancellationToken)).Token;
    }

    /// <summary>
    /// Another lesson of the class in the cabinet: for a test whose lesson must start a set time after
    /// a step that may be slow on a loaded machine.
    /// </summary>
    public Task<Lesson> ScheduleAsync(DateTimeOffset startsAt, int entryOpensMinutesBefore = 10, string title = "Законы Ньютона") =>
        Teacher.PostAsync<Lesson>($"api/cabinets/{Cabinet.Id}/lessons",
            new { classId = Class.Id, title, startsAt, durationMinutes = 45, entryOpensMinutesBefore });

    public void Dispose() => Teacher.Dispose();
}
