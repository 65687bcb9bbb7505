using System.Net.Http.Json;
using System.Text.Json;
using Classroom.EndToEnd.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using static Classroom.Testing.Api.SchoolApi;

namespace Classroom.EndToEnd.Tests.Logs;

/// <summary>
/// The real server's own output while a class of students makes refused hub calls, each staying under
/// the flood limit: before, every refusal was a <c>fail:</c> with a 1.1 KB stack trace (157 KiB/s for
/// twenty students); now a bounded number of one-line entries.
/// </summary>
public sealed class RefusalLogTests
{
    private const int Students = 20;
    private const int RefusalsEach = 30;
    private const int RefusalLines = 20;

    [Fact]
    public async Task Hundreds_of_refused_hub_calls_from_a_class_write_a_few_short_lines_and_no_stack_trace()
    {
        // One budget window for the whole test, so the bound does not depend on how fast the machine is.
        await using var server = await ServerProcess.StartAsync(settings: new Dictionary<string, string>
        {
            ["Classroom__Logs__Window"] = "01:00:00",
            ["Classroom__Logs__RefusalLines"] = RefusalLines.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var school = await School.CreateAsync(server, new LessonPlan
        {
            Students = Students, Title = null, EntryOpensMinutesBefore = null, CabinetName = "Кабинет 5", Subject = "История", ClassName = "7Б",
        }, "ivanova", "Иванова М.И.");

        await using (var students = await HubStudents.JoinAsync(server.BaseAddress, school.Codes))
        {
            var connections = students.Clients.Select(c => c.Connection).ToList();
            var before = server.Log.Length;

            // Empty messages, a message to someone who does not exist, a hand raised too often: all refused by rules.
            await Task.WhenAll(connections.Select(async c =>
            {
                for (var i = 0; i < RefusalsEach; i++)
                {
                    Func<Task> call = (i % 3) switch
                    {
                        0 => () => c.InvokeAsync<long>("SendChat", new { text = " " }),
                        1 => () => c.InvokeAsync<long>("SendChat", new { text = "привет", toParticipantId = "nobody" }),
                        _ => () => c.InvokeAsync("Moderate", new { action = 999 }),
                    };
                    await Assert.ThrowsAsync<HubException>(call);
                }
            }));

            // A line logged after all of them (not budgeted): once it is out, everything before it is too.
            using var admin = server.NewHttpClient();
            await PostAsync<object>(admin, "api/auth/login", new { userName = "admin", password = ServerProcess.AdminPassword });
            var teachers = await admin.GetFromJsonAsync<JsonElement>("api/admin/teachers");
            var id = teachers.EnumerateArray().First().GetProperty("id").GetString();
            (await admin.PostAsync($"api/admin/teachers/{id}/unlock", null)).EnsureSuccessStatusCode();
            await Eventually.TrueAsync(() => server.Log.Contains("lifted the login throttling", StringComparison.Ordinal), "the unlock was not logged", TimeSpan.FromSeconds(30));

            var written = server.Log[before..];
            var lines = written.Split('\n');
            Assert.Contains("lifted the login throttling", written, StringComparison.Ordinal);
            Assert.DoesNotContain(lines, l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
            var refusals = lines.Count(l => l.Contains("Hub call", StringComparison.Ordinal) && l.Contains("refused", StringComparison.Ordinal));
            Assert.InRange(refusals, 1, RefusalLines);
            // 600 refusals used to write about 660 KB; now a few lines.
            Assert.True(written.Length < 8 * 1024, $"{written.Length} bytes of log for {Students * RefusalsEach} refusals:\n{written}");
            Assert.All(connections, c => Assert.Equal(HubConnectionState.Connected, c.State));
        }
    }
}
