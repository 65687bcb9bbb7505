using System.Net.Http.Json;
using Classroom.Testing.Servers;

namespace Classroom.Testing.Api;

/// <summary>The HTTP API as the admin and teachers call it, and the answers the school setup reads.</summary>
public static class SchoolApi
{
    public sealed record Cabinet(Guid Id, string Name, string Subject);
    public sealed record ClassSummary(Guid Id, string Name, int StudentCount);
    public sealed record Student(Guid Id, string Name, string Code, string CodeDisplay);
    public sealed record ClassView(Guid Id, string Name, List<Student> Students);
    public sealed record Lesson(Guid Id, DateTimeOffset StartsAt, int Phase);
    public sealed record LinkView(string Token);

    /// <summary>The password every teacher the setup creates gets.</summary>
    public const string TeacherPassword = "teacher-pass-1";

    /// <summary>POSTs JSON and reads the JSON answer; a status other than 2xx throws with the problem the server sent.</summary>
    public static async Task<T> PostAsync<T>(HttpClient http, string path, object body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.PostAsJsonAsync(new Uri(path.TrimStart('/'), UriKind.Relative), body, cancellationToken);
        await EnsureSuccessAsync(path, response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(cancellationToken))!;
    }

    internal static async Task EnsureSuccessAsync(string path, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        throw new HttpRequestException($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}", null, response.StatusCode);
    }

    /// <summary>The admin creates a teacher account.</summary>
    public static async Task CreateTeacherAsync(IClassroomServer server, string userName, string displayName, string password = TeacherPassword,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        using var admin = await Session.LoginAsync(server, "admin", server.AdminPassword, cancellationToken);
        await admin.PostAsync<object>("api/admin/teachers", new { userName, displayName, password }, cancellationToken);
    }

    /// <summary>The admin creates a teacher account, and the teacher signs in.</summary>
    public static async Task<Session> NewTeacherAsync(IClassroomServer server, string userName = "teacher", string displayName = "Мария Ивановна",
        string password = TeacherPassword, CancellationToken cancellationToken = default)
    {
        await CreateTeacherAsync(server, userName, displayName, password, cancellationToken);
        return await Session.LoginAsync(server, userName, password, cancellationToken);
    }
}
