using System.Net;
using Classroom.Server.Classes;
using Classroom.Server.Tests.Infrastructure;

namespace Classroom.Server.Tests.Lessons;

/// <summary>The class link lookup is public, so one address may make only so many a minute.</summary>
public sealed class ClassLinkRateLimitTests : HostedTest
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Classroom:ClassLinkLookupsPerMinute"] = "3" };

    [Fact]
    public async Task Guessing_class_links_from_one_address_is_limited()
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow());
        var token = (await school.Teacher.GetAsync<ClassView>($"/api/classes/{school.Class.Id}")).LinkToken!;
        using var stranger = Host.NewSession();
        var statuses = new List<HttpStatusCode>();
        foreach (var guess in new[] { "AAAAAAAAAAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBBBBBBBBBB", token, token })
            statuses.Add((await stranger.Http.GetAsync($"/api/class-links/{guess}")).StatusCode);
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }
}
