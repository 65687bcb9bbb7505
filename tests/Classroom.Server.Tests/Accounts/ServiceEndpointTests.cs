using System.Net;
using System.Text.Json;
using Classroom.Server.Tests.Infrastructure;

namespace Classroom.Server.Tests.Accounts;

/// <summary>
/// Meters are named per process: a host in another test class running at the same time would add
/// to these counts, so this class runs alone.
/// </summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;

/// <summary>Health, metrics, the served web client, and the hub's negotiation.</summary>
[Collection(nameof(RunsAlone))]
public sealed class ServiceEndpointTests : HostedTest
{
    [Fact]
    public async Task Health_and_prometheus_metrics_report_the_live_cabinet()
    {
        using var anonymous = Host.NewSession();
        var health = await anonymous.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());

        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow());
        await using var teacher = await school.Teacher.ConnectAsync();
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        await using var student = await Host.NewSession().ConnectAsync();
        await student.JoinAsync(school.CodeOf(0));
        await HubClient.ErrorCodeOf(() => student.SendChatAsync(""));

        var metrics = await anonymous.Http.GetStringAsync("/metrics");
        Assert.Matches(@"classroom_connections\{[^}]*\} 2", metrics);
        Assert.Matches(@"classroom_lessons_in_progress\{[^}]*\} 1", metrics);
        Assert.Matches(@"classroom_cabinets_live\{[^}]*\} 1", metrics);
        Assert.Matches(@"classroom_hub_calls_total\{[^}]*method=""Join""[^}]*\} 2", metrics);
        Assert.Matches(@"classroom_hub_errors_total\{[^}]*code=""chat.empty""[^}]*\} 1", metrics);
    }

    [Fact]
    public async Task The_hub_offers_stateful_reconnect_and_both_protocols()
    {
        using var anonymous = Host.NewSession();
        var response = await anonymous.Http.PostAsync("/hubs/classroom/negotiate?negotiateVersion=1&useStatefulReconnect=true", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(doc.RootElement.GetProperty("useStatefulReconnect").GetBoolean());
        var websockets = doc.RootElement.GetProperty("availableTransports").EnumerateArray().Single(t => t.GetProperty("transport").GetString() == "WebSockets");
        Assert.Equal(["Text", "Binary"], websockets.GetProperty("transferFormats").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task The_web_client_is_served_for_its_own_paths_and_unknown_api_paths_get_problem_details()
    {
        using var anonymous = Host.NewSession();
        foreach (var path in new[] { "/", "/j/K7M2-PQ9R-XT", "/classes/abc/print" })
        {
            var page = await anonymous.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        }
        var api = await anonymous.Http.GetAsync("/api/does-not-exist");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }
}
