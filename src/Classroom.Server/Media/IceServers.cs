using Classroom.Contracts;
using Classroom.Media.Ice;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Media;

/// <summary>
/// The ICE servers one page gets (<see cref="IceServerOptions"/>): the configured URLs, TURN ones
/// with a credential for this participant that expires after the configured lifetime. The secret
/// itself never leaves the server, and no credential is logged.
/// </summary>
public sealed class IceServers(IOptions<IceServerOptions> options, TimeProvider time)
{
    public IReadOnlyList<IceServerView> For(string participantId)
    {
        var o = options.Value;
        if (o.Urls.Count == 0) return [];
        var stun = o.Urls.Where(u => u.StartsWith("stun", StringComparison.Ordinal)).ToList();
        var turn = o.Urls.Where(u => u.StartsWith("turn", StringComparison.Ordinal)).ToList();
        var servers = new List<IceServerView>();
        if (stun.Count > 0) servers.Add(new IceServerView(stun, null, null));
        if (turn.Count > 0)
        {
            var (username, password) = TurnRestCredentials.Create(o.Secret!, participantId, time.GetUtcNow() + o.CredentialLifetime);
            servers.Add(new IceServerView(turn, username, password));
        }
        return servers;
    }
}
