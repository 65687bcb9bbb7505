using Classroom.Testing.Api;
using Classroom.Testing.Servers;
using Microsoft.Playwright;

namespace Classroom.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The end-to-end tests' school (<see cref="School"/>, shared with the live tests and the bench):
/// Иванова and her physics cabinet with a class of Russian names, and her pages in the browser.
/// </summary>
public static class LessonSetup
{
    /// <summary>Thirty names a Russian class might have; the first <c>students</c> are the roster.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "Анна Белова", "Борис Волков", "Вера Гусева", "Глеб Ершов", "Дарья Жукова", "Егор Зайцев", "Жанна Ильина", "Захар Козлов",
        "Ирина Лебедева", "Кирилл Морозов", "Лидия Новикова", "Максим Орлов", "Нина Павлова", "Олег Романов", "Полина Соколова",
        "Роман Тихонов", "София Ульянова", "Тимур Фёдоров", "Ульяна Харитонова", "Фёдор Цветков", "Юлия Чернова", "Ярослав Шубин",
        "Алина Щукина", "Богдан Юдин", "Валерия Яковлева", "Григорий Андреев", "Диана Борисова", "Евгений Васильев", "Зоя Григорьева",
        "Илья Дмитриев", "Карина Егорова", "Лев Журавлёв",
    ];

    public static Task<School> CreateAsync(
        IClassroomServer server, int students, DateTimeOffset startsAt, int entryOpensMinutesBefore = 10, string title = "Законы Ньютона",
        string userName = "ivanova") =>
        School.CreateAsync(server, new LessonPlan
        {
            Students = students,
            Names = Names,
            StartsAt = startsAt,
            EntryOpensMinutesBefore = entryOpensMinutesBefore,
            Title = title,
            CabinetName = "Кабинет физики",
        }, userName, "Иванова Мария Петровна");

    /// <summary>Signs the teacher in through the form; returns once her dashboard lists her lessons.</summary>
    public static async Task SignInAsync(this School school, IPage page, float timeout)
    {
        await page.GotoAsync("/");
        await page.GetByTestId("login-user").FillAsync(school.TeacherUserName);
        await page.GetByTestId("login-password").FillAsync(school.TeacherPassword);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.GetByTestId("enter-cabinet").First.WaitForAsync(new() { Timeout = timeout });
    }

    /// <summary>Signs the teacher in through the form and opens the live console of the lesson.</summary>
    public static async Task OpenConsoleAsync(this School school, IPage page, float timeout)
    {
        await school.SignInAsync(page, timeout);
        await OpenConsoleOfAsync(page, school.Lesson.Id, timeout);
    }

    /// <summary>Opens the live console of <paramref name="lessonId"/> in a page already signed in.</summary>
    public static async Task OpenConsoleOfAsync(IPage page, Guid lessonId, float timeout)
    {
        await page.GotoAsync($"/cabinet/{lessonId}");
        await page.GetByTestId("cabinet").WaitForAsync(new() { Timeout = timeout });
    }
}
