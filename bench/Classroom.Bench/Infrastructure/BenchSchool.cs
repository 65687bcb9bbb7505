using System.Globalization;
using System.Net;
using Classroom.Testing.Api;
using Classroom.Testing.Hub;
using Classroom.Testing.Servers;

namespace Classroom.Bench.Infrastructure;

/// <summary>
/// The bench's school, made with the shared setup (<see cref="School"/>) through the HTTP API: one
/// teacher, then per lesson a numbered cabinet, a class of synthetic pupils, a lesson open for entry
/// now and, when asked, display links for branch buildings' screens. Its hub clients connect as the
/// web client does (WebSocket straight away, MessagePack by default) and record nothing: the bench
/// listens through their callbacks, so thousands of them do not grow its own memory.
/// </summary>
public sealed class BenchSchool : IDisposable
{
    public const string TeacherUser = "bench-teacher";

    private BenchSchool(Session teacher) => Teacher = teacher;

    /// <summary>The signed-in teacher (her cookies carry her hub connections).</summary>
    public Session Teacher { get; }

    public static async Task<BenchSchool> CreateAsync(IClassroomServer server, CancellationToken cancellationToken) =>
        new(await SchoolApi.NewTeacherAsync(server, TeacherUser, "Учитель Бенч", cancellationToken: cancellationToken));

    /// <summary>Lesson <paramref name="number"/> for a class of <paramref name="students"/>, open for entry now.</summary>
    public Task<School> LessonAsync(int number, int students, int displays, CancellationToken cancellationToken)
    {
        var n = number.ToString(CultureInfo.InvariantCulture);
        return School.ScheduleAsync(Teacher, TeacherUser, new LessonPlan
        {
            Names = Enumerable.Range(1, students).Select(Name).ToList(),
            DurationMinutes = 90,
            EntryOpensMinutesBefore = null,
            CabinetName = $"Кабинет {n}",
            ClassName = $"Класс {n}",
            Displays = displays,
        }, cancellationToken);
    }

    public static HubClientOptions HubOptions(Wire wire = Wire.MessagePack, CookieContainer? cookies = null) =>
        new() { Wire = wire, Cookies = cookies, SkipNegotiation = true, Record = false };

    public static HubClient Student(Uri server, string code, Wire wire = Wire.MessagePack) => HubClient.Student(server, code, HubOptions(wire));

    public static HubClient Display(Uri server, string linkToken, Wire wire = Wire.MessagePack) => HubClient.Guest(server, linkToken, HubOptions(wire));

    /// <summary>The teacher's own hub connection to <paramref name="lessonId"/>.</summary>
    public HubClient TeacherClient(Uri server, Guid lessonId, Wire wire = Wire.MessagePack) =>
        HubClient.Teacher(server, lessonId, HubOptions(wire, Teacher.Cookies));

    // Synthetic pupils: a surname and a letter, so names stay unique without digits.
    private static readonly string[] Surnames =
    [
        "Белов", "Волков", "Гусев", "Данилов", "Егоров", "Жуков", "Зайцев", "Ильин", "Карпов", "Лебедев",
        "Морозов", "Новиков", "Орлов", "Павлов", "Романов", "Соколов", "Титов", "Уваров", "Фёдоров", "Широков",
    ];

    private static string Name(int i) => $"{Surnames[(i - 1) % Surnames.Length]} {"АБВГДЕЖЗИКЛМНОПРСТУФ"[(i - 1) / Surnames.Length % 20]}.";

    public void Dispose() => Teacher.Dispose();
}
