using System.Net;
using System.Text;
using Classroom.Contracts;
using Classroom.Core.Attendance;
using Classroom.Core.Participants;
using Classroom.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Classroom.Server.Classes;
using Classroom.Server.Lessons;
using Classroom.Server.Reports;
using Classroom.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Classroom.Server.Tests.Live;

/// <summary>What happened in a lesson is what the report says, and a restart over the same SQLite file loses nothing.</summary>
public sealed class AttendanceAndRestartTests
{
    [Fact]
    public async Task The_report_matches_the_lesson_and_everything_survives_a_restart()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("classroom-restart-").FullName;
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        try
        {
            School school;
            long lastSeq;
            await using (var host = ClassroomHost.Start(dataDirectory, time))
            {
                school = await School.CreateAsync(host, students: 3, time.GetUtcNow(), durationMinutes: 45);
                await using var teacher = await school.Teacher.ConnectAsync();
                await teacher.JoinAsync(lessonId: school.Lesson.Id);

                // Student 01: 10 minutes, drops, back after 2, stays 20 more and leaves; 2 messages.
                var anna = await host.NewSession().ConnectAsync();
                await anna.JoinAsync(school.CodeOf(0));
                await anna.SendChatAsync("Здравствуйте");
                time.Advance(TimeSpan.FromMinutes(10));
                await anna.DisposeAsync();
                await teacher.WaitUntilAsync(c => c.Left.Count == 1);
                time.Advance(TimeSpan.FromMinutes(2));
                var annaAgain = await host.NewSession().ConnectAsync(Wire.MessagePack);
                await annaAgain.JoinAsync(school.CodeOf(0));
                await annaAgain.SendChatAsync("Я вернулась");
                // Student 02: comes 12 minutes in and stays to the end.
                await using var boris = await host.NewSession().ConnectAsync();
                await boris.JoinAsync(school.CodeOf(1));
                time.Advance(TimeSpan.FromMinutes(20));
                await annaAgain.DisposeAsync();
                await teacher.WaitUntilAsync(c => c.Left.Count == 2);
                lastSeq = await teacher.SendChatAsync("Домашнее задание: §12");
                time.Advance(TimeSpan.FromMinutes(13));
                await teacher.Connection.InvokeAsync(HubMethods.EndLesson);
                await boris.Closed;

                var report = await school.Teacher.GetAsync<AttendanceReportView>($"/api/lessons/{school.Lesson.Id}/report");
                AssertReport(report);
            }

            // A new process over the same file: accounts, cabinets, classes, codes, lessons, chat and attendance remain.
            await using (var host = ClassroomHost.Start(dataDirectory, time))
            {
                using var teacher = await host.LoginAsync("teacher", "teacher-pass-1");
                var cabinets = await teacher.GetAsync<List<SchoolApi.Cabinet>>("/api/cabinets");
                Assert.Equal(school.Cabinet, Assert.Single(cabinets));
                var klass = await teacher.GetAsync<ClassView>($"/api/classes/{school.Class.Id}");
                Assert.Equal(school.Class.Students.Select(s => (s.Name, s.Code)), klass.Students.Select(s => (s.Name, s.Code)));
                var lesson = await teacher.GetAsync<LessonView>($"/api/lessons/{school.Lesson.Id}");
                Assert.Equal(3, lesson.Phase);
                AssertReport(await teacher.GetAsync<AttendanceReportView>($"/api/lessons/{school.Lesson.Id}/report"));

                // The ended lesson stays closed after the restart.
                await using var live = await teacher.ConnectAsync();
                Assert.Equal("entry.lesson_ended", await HubClient.ErrorCodeOf(() => live.JoinAsync(lessonId: school.Lesson.Id)));
                var csv = await teacher.Http.GetAsync($"/api/lessons/{school.Lesson.Id}/report.csv");
                Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
                Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
                var bytes = await csv.Content.ReadAsByteArrayAsync();
                Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
                var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
                Assert.Matches("^Ученик;Был на уроке;Первый вход \\([^;]+\\);Последний выход \\([^;]+\\);Минут на уроке;Переподключений;Сообщений в чате;Поднятых рук$", lines[0]);
                Assert.StartsWith("Ученик 01;да;", lines[1], StringComparison.Ordinal);
                Assert.EndsWith(";30;1;2;0", lines[1], StringComparison.Ordinal);
                Assert.Equal("Ученик 03;нет;;;0;0;0;0", lines[3]);
            }
            Assert.True(lastSeq > 0);
        }
        finally
        {
            ClassroomHost.DeleteData(dataDirectory);
        }
    }

    [Fact]
    public async Task After_a_crash_a_student_left_in_the_lesson_is_counted_only_until_the_restart()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("classroom-crash-").FullName;
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        try
        {
            School school;
            await using (var host = ClassroomHost.Start(dataDirectory, time))
            {
                school = await School.CreateAsync(host, students: 1, time.GetUtcNow(), durationMinutes: 45);
                // What a crash leaves behind: a join with no leave (a clean shutdown would record the leave),
                // here followed by a raised hand, which must not hide the open join.
                var dbs = host.Services.GetRequiredService<IDbContextFactory<ClassroomDb>>();
                await using var db = await dbs.CreateDbContextAsync();
                foreach (var kind in new[] { AttendanceKind.Joined, AttendanceKind.HandRaised })
                {
                    db.Attendance.Add(new AttendanceRecord
                    {
                        LessonId = school.Lesson.Id,
                        ParticipantId = ParticipantIdentity.ForStudent(school.Class.Students[0].Id, "x").Id,
                        Role = Role.Student,
                        Kind = kind,
                        At = time.GetUtcNow(),
                    });
                }
                await db.SaveChangesAsync();
            }
            time.Advance(TimeSpan.FromMinutes(10));
            await using (var host = ClassroomHost.Start(dataDirectory, time))
            {
                using var teacher = await host.LoginAsync("teacher", "teacher-pass-1");
                time.Advance(TimeSpan.FromMinutes(60));
                var report = await teacher.GetAsync<AttendanceReportView>($"/api/lessons/{school.Lesson.Id}/report");
                Assert.Equal(10, report.Rows[0].MinutesPresent);
            }
        }
        finally
        {
            ClassroomHost.DeleteData(dataDirectory);
        }
    }

    private static void AssertReport(AttendanceReportView report)
    {
        Assert.Equal(["Ученик 01", "Ученик 02", "Ученик 03"], report.Rows.Select(r => r.Name));
        var anna = report.Rows[0];
        Assert.True(anna.Attended);
        Assert.Equal(30, anna.MinutesPresent);
        Assert.Equal(1, anna.Reconnects);
        Assert.Equal(2, anna.ChatMessages);
        var boris = report.Rows[1];
        Assert.Equal(33, boris.MinutesPresent);
        Assert.Equal(0, boris.Reconnects);
        Assert.NotNull(boris.LastLeave);
        var vera = report.Rows[2];
        Assert.False(vera.Attended);
        Assert.Null(vera.FirstJoin);
    }
}
