using System.Globalization;
using System.Net;
using System.Net.Http.Json;

namespace Classroom.Bench.Infrastructure;

/// <summary>One scheduled lesson the bench made: its id, the students' personal codes, and display links.</summary>
public sealed record BenchLesson(Guid Id, IReadOnlyList<string> StudentCodes, IReadOnlyList<string> DisplayTokens);

/// <summary>
/// Sets a school up through the HTTP API exactly as an admin and a teacher would: a teacher account,
/// then per lesson a cabinet, a class with its roster (each student gets a code), a lesson starting
/// now (entry open) and, when asked, display links for branch buildings' screens.
/// </summary>
public sealed class School : IDisposable
{
    public const string TeacherUser = "bench-teacher";
    public const string TeacherPassword = "bench-teacher-pass";
    private readonly HttpClient _teacher;

    private School(Uri baseAddress, CookieContainer cookies)
    {
        TeacherCookies = cookies;
        _teacher = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = baseAddress };
    }

    /// <summary>The signed-in teacher's cookies, for the teacher's hub connections.</summary>
    public CookieContainer TeacherCookies { get; }

    public static async Task<School> CreateAsync(Uri baseAddress, CancellationToken cancellationToken)
    {
        using (var admin = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress })
        {
            await PostAsync<object>(admin, "api/auth/login", new { userName = "admin", password = BenchServer.AdminPassword }, cancellationToken);
            await PostAsync<object>(admin, "api/admin/teachers", new { userName = TeacherUser, displayName = "Учитель Бенч", password = TeacherPassword }, cancellationToken);
        }
        var school = new School(baseAddress, new CookieContainer());
        await PostAsync<object>(school._teacher, "api/auth/login", new { userName = TeacherUser, password = TeacherPassword }, cancellationToken);
        return school;
    }

    /// <summary>The server's largest display link cap (GuestLinks.MaxDisplayCap).</summary>
    private const int MaxScreensPerLink = 20;

    /// <summary>A lesson for a class of <paramref name="students"/>, open for entry now.</summary>
    public async Task<BenchLesson> LessonAsync(int number, int students, int displays, CancellationToken cancellationToken)
    {
        var n = number.ToString(CultureInfo.InvariantCulture);
        var cabinet = await PostAsync<IdView>(_teacher, "api/cabinets", new { name = $"Кабинет {n}", subject = "Физика" }, cancellationToken);
        var created = await PostAsync<IdView>(_teacher, "api/classes", new { name = $"Класс {n}" }, cancellationToken);
        var roster = string.Join('\n', Enumerable.Range(1, students).Select(Name));
        var klass = await PostAsync<ClassView>(_teacher, $"api/classes/{created.Id}/students", new { text = roster }, cancellationToken);
        var lesson = await PostAsync<IdView>(_teacher, $"api/cabinets/{cabinet.Id}/lessons",
            new { classId = klass.Id, startsAt = DateTimeOffset.UtcNow, durationMinutes = 90 }, cancellationToken);
        // A display link lets in at most MaxScreensPerLink screens at once: one link per such group.
        var tokens = new List<string>();
        for (var i = 0; i < displays; i += MaxScreensPerLink)
        {
            var cap = Math.Min(MaxScreensPerLink, displays - i);
            var token = (await PostAsync<LinkView>(_teacher, $"api/lessons/{lesson.Id}/links", new { role = "display", name = $"Филиал {i / MaxScreensPerLink + 1}", cap }, cancellationToken)).Token;
            tokens.AddRange(Enumerable.Repeat(token, cap));
        }
        return new BenchLesson(lesson.Id, klass.Students.Select(s => s.Code).ToList(), tokens);
    }

    // Synthetic pupils: a surname and a letter, so names stay unique without digits.
    private static readonly string[] Surnames =
    [
        "Белов", "Волков", "Гусев", "Данилов", "Егоров", "Жуков", "Зайцев", "Ильин", "Карпов", "Лебедев",
        "Морозов", "Новиков", "Орлов", "Павлов", "Романов", "Соколов", "Титов", "Уваров", "Фёдоров", "Широков",
    ];

    private static string Name(int i) => $"{Surnames[(i - 1) % Surnames.Length]} {"АБВГДЕЖЗИКЛМНОПРСТУФ"[(i - 1) / Surnames.Length % 20]}.";

    private static async Task<T> PostAsync<T>(HttpClient http, string path, object body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(path, body, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        return (await response.Content.ReadFromJsonAsync<T>(cancellationToken))!;
    }

    private sealed record IdView(Guid Id);
    private sealed record StudentView(Guid Id, string Code);
    private sealed record ClassView(Guid Id, List<StudentView> Students);
    private sealed record LinkView(string Token);

    public void Dispose() => _teacher.Dispose();
}
