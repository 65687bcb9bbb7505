using System.Net;
using System.Net.Http.Json;
using Classroom.Contracts;
using Classroom.Core.Moderation;
using Classroom.Core.Participants;
using Classroom.Server.Lessons;
using Classroom.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace Classroom.Server.Tests.Live;

/// <summary>
/// Guests by lesson link cannot crowd out the roster: each link admits at most the cap the teacher
/// set, guests wait in a lobby space of their own, display screens carry their link's name, and a
/// revoked link sends its guests away.
/// </summary>
public sealed class GuestLimitTests : HostedTest
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Classroom:MaxLobbySize"] = "3",
        ["Classroom:MaxGuestLobbySize"] = "40",
    };

    [Fact]
    public async Task A_hundred_fake_observers_on_one_link_are_capped_and_a_roster_student_still_gets_into_the_lobby_and_in()
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow());
        var link = await school.Teacher.PostAsync<LinkView>($"/api/lessons/{school.Lesson.Id}/links", new { role = "observer", name = "Методисты района", cap = 25 });
        Assert.Equal(("Методисты района", 25, 0), (link.Name, link.Cap, link.InUse));
        await using var teacher = await school.Teacher.ConnectAsync();
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        await teacher.ModerateAsync(ModerationAction.AdmitManually, value: "true");

        var outcomes = new List<string>();
        var guests = new List<HubClient>();
        try
        {
            for (var batch = 0; batch < 10; batch++)
            {
                var tries = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
                {
                    var guest = await Host.NewSession().ConnectAsync();
                    try
                    {
                        var result = await guest.JoinAsync(link.Token, displayName: $"Методист {batch * 10 + i}");
                        return (guest, Outcome: result.Status.ToString());
                    }
                    catch (HubException ex)
                    {
                        return (guest, Outcome: ex.Message.Contains("[entry.link_full]", StringComparison.Ordinal) ? "link_full" : ex.Message);
                    }
                }));
                guests.AddRange(tries.Select(t => t.guest));
                outcomes.AddRange(tries.Select(t => t.Outcome));
            }
            Assert.Equal(25, outcomes.Count(o => o == nameof(JoinStatus.Lobby)));
            Assert.Equal(75, outcomes.Count(o => o == "link_full"));
            await teacher.WaitUntilAsync(c => c.LobbyNow.Count == 25);
            var listed = Assert.Single(await school.Teacher.GetAsync<List<LinkView>>($"/api/lessons/{school.Lesson.Id}/links"));
            Assert.Equal(25, listed.InUse);

            // The roster student is not refused because of them, and the teacher lets her in.
            await using var anna = await Host.NewSession().ConnectAsync();
            Assert.Equal(JoinStatus.Lobby, (await anna.JoinAsync(school.CodeOf(0))).Status);
            await teacher.WaitUntilAsync(c => c.LobbyNow.Count == 26);
            var annaEntry = teacher.LobbyNow.Single(e => e.Role == (int)Role.Student);
            await teacher.ModerateAsync(ModerationAction.AdmitFromLobby, annaEntry.Id);
            Assert.Equal("Ученик 01", (await anna.Admitted).You.Name);

            // A guest who leaves frees a place on the link for another.
            var leaving = guests[outcomes.IndexOf(nameof(JoinStatus.Lobby))];
            await leaving.DisposeAsync();
            guests.Remove(leaving);
            await teacher.WaitUntilAsync(c => c.LobbyNow.Count(e => e.Role == (int)Role.Observer) == 24);
            await using var next = await Host.NewSession().ConnectAsync();
            Assert.Equal(JoinStatus.Lobby, (await next.JoinAsync(link.Token, displayName: "Опоздавший методист")).Status);
            await using var over = await Host.NewSession().ConnectAsync();
            Assert.Equal("entry.link_full", await HubClient.ErrorCodeOf(() => over.JoinAsync(link.Token, displayName: "Лишний")));
        }
        finally
        {
            foreach (var g in guests) await g.DisposeAsync();
        }
    }

    [Fact]
    public async Task Guests_have_their_own_lobby_space_so_students_are_never_refused_because_of_them()
    {
        var school = await School.CreateAsync(Host, students: 3, Host.Time.GetUtcNow());
        await using var teacher = await school.Teacher.ConnectAsync();
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        await teacher.ModerateAsync(ModerationAction.AdmitManually, value: "true");
        var links = new List<LinkView>();
        for (var i = 0; i < 3; i++) links.Add(await school.Teacher.PostAsync<LinkView>($"/api/lessons/{school.Lesson.Id}/links", new { role = "observer", cap = 20 }));

        var guests = new List<HubClient>();
        try
        {
            // Three links of 20 = 60 guests, but only 40 guests may wait at once.
            var statuses = new List<string>();
            foreach (var link in links)
            {
                for (var i = 0; i < 20; i++)
                {
                    var guest = await Host.NewSession().ConnectAsync();
                    guests.Add(guest);
                    try
                    {
                        statuses.Add((await guest.JoinAsync(link.Token, displayName: $"Гость {statuses.Count}")).Status.ToString());
                    }
                    catch (HubException ex) when (ex.Message.Contains("[entry.lobby_full]", StringComparison.Ordinal))
                    {
                        statuses.Add("lobby_full");
                    }
                }
            }
            Assert.Equal(40, statuses.Count(s => s == nameof(JoinStatus.Lobby)));
            Assert.Equal(20, statuses.Count(s => s == "lobby_full"));

            // All three roster students still find a place (their own space holds 3).
            for (var i = 0; i < 3; i++)
            {
                var student = await Host.NewSession().ConnectAsync();
                guests.Add(student);
                Assert.Equal(JoinStatus.Lobby, (await student.JoinAsync(school.CodeOf(i))).Status);
            }
            await teacher.WaitUntilAsync(c => c.LobbyNow.Count == 43);
        }
        finally
        {
            foreach (var g in guests) await g.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_display_link_has_a_name_that_its_screen_carries_and_a_cap_of_screens()
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow());
        var lessonLinks = $"/api/lessons/{school.Lesson.Id}/links";
        var plain = await school.Teacher.PostAsync<LinkView>(lessonLinks, new { role = "display" });
        Assert.Equal(("Экран филиала", 2), (plain.Name, plain.Cap));
        var named = await school.Teacher.PostAsync<LinkView>(lessonLinks, new { role = "display", name = "  Берёзовка,  актовый зал ", cap = 1 });
        Assert.Equal(("Берёзовка, актовый зал", 1), (named.Name, named.Cap));

        await using var teacher = await school.Teacher.ConnectAsync();
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        await using var screen = await Host.NewSession().ConnectAsync();
        // The page cannot choose another name: the screen is what the teacher called the link.
        var snapshot = (await screen.JoinAsync(named.Token, displayName: "Директор")).Snapshot!;
        Assert.Equal(("Берёзовка, актовый зал", (int)Role.Display), (snapshot.You.Name, snapshot.You.Role));
        await teacher.WaitUntilAsync(c => c.Joined.Any(p => p.Name == "Берёзовка, актовый зал" && p.Role == (int)Role.Display));
        await using var defaultScreen = await Host.NewSession().ConnectAsync();
        Assert.Equal("Экран филиала", (await defaultScreen.JoinAsync(plain.Token)).Snapshot!.You.Name);

        await using var second = await Host.NewSession().ConnectAsync();
        Assert.Equal("entry.link_full", await HubClient.ErrorCodeOf(() => second.JoinAsync(named.Token)));
        var listed = await school.Teacher.GetAsync<List<LinkView>>(lessonLinks);
        Assert.Equal([("Экран филиала", 1), ("Берёзовка, актовый зал", 1)], listed.Select(l => (l.Name, l.InUse)));

        // The screen drops (a power cut in the branch): its place is free again.
        await screen.DisposeAsync();
        await teacher.WaitUntilAsync(c => c.Left.Contains(snapshot.You.Id));
        Assert.Equal(JoinStatus.Admitted, (await second.JoinAsync(named.Token)).Status);
    }

    [Fact]
    public async Task Revoking_a_link_sends_its_guests_away_and_bad_caps_and_too_many_links_are_refused()
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow());
        var lessonLinks = $"/api/lessons/{school.Lesson.Id}/links";
        var leaked = await school.Teacher.PostAsync<LinkView>(lessonLinks, new { role = "observer", cap = 5 });
        var kept = await school.Teacher.PostAsync<LinkView>(lessonLinks, new { role = "observer" });
        Assert.Equal(30, kept.Cap);
        await using var teacher = await school.Teacher.ConnectAsync();
        await teacher.JoinAsync(lessonId: school.Lesson.Id);
        await using var intruder = await Host.NewSession().ConnectAsync();
        await intruder.JoinAsync(leaked.Token, displayName: "Чужой");
        await using var methodist = await Host.NewSession().ConnectAsync();
        await methodist.JoinAsync(kept.Token, displayName: "Методист");

        Assert.Equal(HttpStatusCode.NoContent, (await school.Teacher.Http.DeleteAsync($"{lessonLinks}/{leaked.Token}")).StatusCode);
        await intruder.Closed;
        Assert.Equal((int)RemovalKind.Rejected, intruder.Removals.Single().Kind);
        Assert.False(methodist.IsClosed);
        await using var again = await Host.NewSession().ConnectAsync();
        Assert.Equal("entry.unknown_code", await HubClient.ErrorCodeOf(() => again.JoinAsync(leaked.Token, displayName: "Снова чужой")));

        foreach (var (role, cap) in new[] { ("observer", 0), ("observer", 501), ("display", 21) })
        {
            var refused = await school.Teacher.Http.PostAsJsonAsync(lessonLinks, new { role, cap });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("link.invalid_cap", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        for (var i = 1; i < 20; i++) await school.Teacher.PostAsync<LinkView>(lessonLinks, new { role = "display" });
        var tooMany = await school.Teacher.Http.PostAsJsonAsync(lessonLinks, new { role = "observer" });
        Assert.Contains("link.too_many", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(20, (await school.Teacher.GetAsync<List<LinkView>>(lessonLinks)).Count);
    }
}
