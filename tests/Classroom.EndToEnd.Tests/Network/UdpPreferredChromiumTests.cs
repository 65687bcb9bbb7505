using Classroom.EndToEnd.Tests.Infrastructure;
using static Classroom.Testing.Api.SchoolApi;

namespace Classroom.EndToEnd.Tests.Network;

/// <summary>
/// The other half of ICE-TCP: where UDP works, Chromium is offered both candidates and picks UDP (the
/// TCP candidate's RFC 6544 priority is below it), so no school pays TCP's head-of-line blocking
/// unless its network forces it.
/// </summary>
[Collection(MediaNetworkFixture.CollectionName)]
public sealed class UdpPreferredChromiumTests(MediaNetworkFixture fixture) : IAsyncLifetime
{
    private const float Timeout = 30_000;
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await fixture.StartServerAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Where_udp_works_the_selected_pair_is_udp_although_a_tcp_candidate_is_offered()
    {
        using var school = await School.CreateAsync(_server, new LessonPlan
        {
            Names = ["Борис Волков"], Title = null, EntryOpensMinutesBefore = null,
            CabinetName = "Кабинет 6", Subject = "География", ClassName = "7В",
        }, "sidorova", "Сидорова Елена Павловна");
        await using var teacherContext = await fixture.NewContextAsync();
        var teacher = await teacherContext.NewPageAsync();
        await teacher.GotoAsync("/");
        await teacher.GetByTestId("login-user").FillAsync("sidorova");
        await teacher.GetByTestId("login-password").FillAsync("teacher-pass-1");
        await teacher.GetByTestId("login-submit").ClickAsync();
        await teacher.GetByTestId("enter-cabinet").First.WaitForAsync(new() { Timeout = Timeout });
        await teacher.GotoAsync($"/cabinet/{school.Lesson.Id}");
        await teacher.GetByTestId("mod-panel").WaitForAsync(new() { Timeout = Timeout });

        await using var studentContext = await fixture.NewContextAsync();
        await studentContext.AddInitScriptAsync(IceTcpChromiumTests.RecordPeerConnections);
        var student = await studentContext.NewPageAsync();
        await student.GotoAsync($"/j/{school.Class.Students[0].Code}");
        await student.GetByTestId("cabinet").WaitForAsync(new() { Timeout = Timeout });
        await MediaStats.UntilInboundAsync(student, inbound => inbound.Any(i => i.Source == "camera" && i.FramesDecoded > 0), "the student did not decode the teacher's camera");

        var pairs = await IceTcpChromiumTests.PairsAsync(student);
        Assert.NotEmpty(pairs);
        Assert.All(pairs, p => Assert.Equal("udp", p.GetProperty("remote").GetString()));
    }
}
