using Microsoft.Playwright;
using static Classroom.EndToEnd.Tests.Infrastructure.SchoolApi;

namespace Classroom.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A teacher, her cabinet, a class of named students and one lesson, made through the HTTP API as
/// the admin and the teacher would; the teacher's API session stays signed in for more calls.
/// </summary>
public sealed record LessonSetup(HttpClient Api, string UserName, string Password, Cabinet Cabinet, ClassView Class, Lesson Lesson) : IDisposable
{
    public const string TeacherPassword = "teacher-pass-1";

    /// <summary>Thirty names a Russian class might have; the first <c>students</c> are the roster.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "Анна Белова", "Борис Волков", "Вера Гусева", "Глеб Ершов", "Дарья Жукова", "Егор Зайцев", "Жанна Ильина", "Захар Козлов",
        "Ирина Лебедева", "Кирилл Морозов", "Лидия Новикова", "Максим Орлов", "Нина Павлова", "Олег Романов", "Полина Соколова",
        "Роман Тихонов", "София Ульянова", "Тимур Фёдоров", "Ульяна Харитонова", "Фёдор Цветков", "Юлия Чернова", "Ярослав Шубин",
        "Алина Щукина", "Богдан Юдин", "Валерия Яковлева", "Григорий Андреев", "Диана Борисова", "Евгений Васильев", "Зоя Григорьева",
        "Илья Дмитриев", "Карина Егорова", "Лев Журавлёв",
    ];

    public static async Task<LessonSetup> CreateAsync(
        ServerProcess server, int students, DateTimeOffset startsAt, int entryOpensMinutesBefore = 10, string title = "Законы Ньютона",
        string userName = "ivanova")
    {
        await CreateTeacherAsync(server, userName, "Иванова Мария Петровна", TeacherPassword);
        var api = server.NewHttpClient();
        await PostAsync<object>(api, "api/auth/login", new { userName, password = TeacherPassword });
        var cabinet = await PostAsync<Cabinet>(api, "api/cabinets", new { name = "Кабинет физики", subject = "Физика" });
        var created = await PostAsync<ClassSummary>(api, "api/classes", new { name = "9А" });
        var klass = await PostAsync<ClassView>(api, $"api/classes/{created.Id}/students", new { text = string.Join('\n', Names.Take(students)) });
        var lesson = await PostAsync<Lesson>(api, $"api/cabinets/{cabinet.Id}/lessons",
            new { classId = klass.Id, title, startsAt, durationMinutes = 45, entryOpensMinutesBefore });
        return new LessonSetup(api, userName, TeacherPassword, cabinet, klass, lesson);
    }

    /// <summary>The code of the student named <paramref name="name"/> (the roster comes back sorted by name).</summary>
    public string CodeOf(string name) => Class.Students.Single(s => s.Name == name).Code;

    /// <summary>Codes of every student but the named ones, for hub classmates.</summary>
    public IEnumerable<string> CodesExcept(params string[] names) => Class.Students.Where(s => !names.Contains(s.Name)).Select(s => s.Code);

    public async Task<string> DisplayLinkAsync()
    {
        var link = await PostAsync<LinkView>(Api, $"api/lessons/{Lesson.Id}/links", new { role = "display" });
        return link.Token;
    }

    /// <summary>
    /// Another lesson of the class in the cabinet, scheduled now: for a test whose lesson must start a
    /// set time after a step that may be slow on a loaded machine (e.g. after <see cref="SignInAsync"/>).
    /// </summary>
    public Task<Lesson> ScheduleAsync(DateTimeOffset startsAt, int entryOpensMinutesBefore = 10, string title = "Законы Ньютона") =>
        PostAsync<Lesson>(Api, $"api/cabinets/{Cabinet.Id}/lessons",
            new { classId = Class.Id, title, startsAt, durationMinutes = 45, entryOpensMinutesBefore });

    /// <summary>Signs the teacher in through the form; returns once her dashboard lists her lessons.</summary>
    public async Task SignInAsync(IPage page, float timeout)
    {
        await page.GotoAsync("/");
        await page.GetByTestId("login-user").FillAsync(UserName);
        await page.GetByTestId("login-password").FillAsync(Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.GetByTestId("enter-cabinet").First.WaitForAsync(new() { Timeout = timeout });
    }

    /// <summary>Signs the teacher in through the form and opens the live console of the lesson.</summary>
    public async Task OpenConsoleAsync(IPage page, float timeout)
    {
        await SignInAsync(page, timeout);
        await OpenConsoleOfAsync(page, Lesson.Id, timeout);
    }

    /// <summary>Opens the live console of <paramref name="lessonId"/> in a page already signed in.</summary>
    public static async Task OpenConsoleOfAsync(IPage page, Guid lessonId, float timeout)
    {
        await page.GotoAsync($"/cabinet/{lessonId}");
        await page.GetByTestId("cabinet").WaitForAsync(new() { Timeout = timeout });
    }

    public void Dispose() => Api.Dispose();

    public sealed record LinkView(string Token);
}
