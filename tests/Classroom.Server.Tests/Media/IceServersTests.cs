using System.Security.Cryptography;
using System.Text;
using Classroom.Contracts;
using Classroom.Core.Errors;
using Classroom.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Classroom.Server.Tests.Media;

/// <summary>
/// A school that runs a TURN server (coturn, use-auth-secret) for networks where even the relay's TCP
/// port is blocked: pages get its URLs and a credential computed for them that the TURN server can check
/// with the shared secret alone, and that expires after the configured lifetime.
/// </summary>
public sealed class IceServersTests : HostedTest
{
    private const string Secret = "a-shared-secret-of-the-school";

    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Classroom:Media:IceServers:Urls:0"] = "stun:turn.school.example:3478",
        ["Classroom:Media:IceServers:Urls:1"] = "turns:turn.school.example:443?transport=tcp",
        ["Classroom:Media:IceServers:Urls:2"] = "turn:turn.school.example:3478",
        ["Classroom:Media:IceServers:Secret"] = Secret,
        ["Classroom:Media:IceServers:CredentialLifetime"] = "01:00:00",
    };

    [Fact]
    public async Task A_student_gets_the_stun_urls_and_the_turn_urls_with_a_credential_for_her_that_expires_after_the_lifetime()
    {
        var school = await School.CreateAsync(Host, students: 1, Host.Time.GetUtcNow());
        await using var student = await Host.NewSession().ConnectAsync(Wire.MessagePack);
        var me = (await student.JoinAsync(school.CodeOf(0))).Snapshot!.You.Id;

        var servers = await student.Connection.InvokeAsync<IReadOnlyList<IceServerView>>(HubMethods.GetIceServers);

        Assert.Equal(2, servers.Count);
        Assert.Equal(["stun:turn.school.example:3478"], servers[0].Urls);
        Assert.Null(servers[0].Username);
        Assert.Null(servers[0].Credential);
        var turn = servers[1];
        Assert.Equal(["turns:turn.school.example:443?transport=tcp", "turn:turn.school.example:3478"], turn.Urls);
        // draft-uberti-behave-turn-rest: "<expiry>:<id>", and the password coturn recomputes from the secret.
        var expiry = (Host.Time.GetUtcNow() + TimeSpan.FromHours(1)).ToUnixTimeSeconds();
        Assert.Equal($"{expiry}:{me}", turn.Username);
#pragma warning disable CA5350 // the TURN REST scheme coturn checks is defined with HMAC-SHA1
        Assert.Equal(Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(turn.Username!))), turn.Credential);
#pragma warning restore CA5350
    }

    [Fact]
    public async Task A_connection_that_joined_no_lesson_gets_no_credential()
    {
        await using var stranger = await Host.NewSession().ConnectAsync(Wire.MessagePack);
        var refused = await Assert.ThrowsAsync<HubException>(() => stranger.Connection.InvokeAsync<IReadOnlyList<IceServerView>>(HubMethods.GetIceServers));
        Assert.Contains($"[{ErrorCodes.NotJoined}]", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("turn:turn.school.example:3478", null)] // TURN without the shared secret
    [InlineData("turn:turn.school.example:3478", "short")] // a secret one could guess
    [InlineData("http://turn.school.example", "a-shared-secret-of-the-school")] // not an ICE server URL
    [InlineData("turn:\"><script>", "a-shared-secret-of-the-school")] // would break out of the page's config
    [InlineData("stun:", null)] // no host
    public void Ice_server_settings_that_cannot_work_are_refused_at_start(string url, string? secret)
    {
        var options = new Classroom.Server.Media.IceServerOptions { Urls = [url], Secret = secret };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true));
        var fine = new Classroom.Server.Media.IceServerOptions { Urls = ["turns:turn.school.example:443?transport=tcp"], Secret = "a-shared-secret-of-the-school" };
        Assert.True(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(fine, new(fine), [], validateAllProperties: true));
    }
}
