using Classroom.Server.Cabinets;
using Classroom.Server.Classes;
using Classroom.Server.Lessons;

namespace Classroom.Server.Tests.Infrastructure;

/// <summary>A teacher with a cabinet, a class with a roster, and a lesson: the common start of live tests.</summary>
public sealed record School(Session Teacher, CabinetView Cabinet, ClassView Class, LessonView Lesson)
{
    public static async Task<School> CreateAsync(ClassroomHost host, int students, DateTimeOffset startsAt, int durationMinutes = 45,
        int entryOpensMinutesBefore = 10, string teacherUserName = "teacher")
    {
        var teacher = await host.NewTeacherAsync(teacherUserName);
        var cabinet = await teacher.PostAsync<CabinetView>("/api/cabinets", new { name = "Кабинет 12", subject = "Физика" });
        var created = await teacher.PostAsync<ClassSummary>("/api/classes", new { name = "9А" });
        var names = string.Join('\n', Enumerable.Range(1, students).Select(i => $"Ученик {i:00}"));
        var klass = await teacher.PostAsync<ClassView>($"/api/classes/{created.Id}/students", new { text = names });
        var lesson = await teacher.PostAsync<LessonView>($"/api/cabinets/{cabinet.Id}/lessons",
            new { classId = klass.Id, title = "Законы Ньютона", startsAt, durationMinutes, entryOpensMinutesBefore });
        return new School(teacher, cabinet, klass, lesson);
    }

    public string CodeOf(int index) => Class.Students[index].Code;
}
