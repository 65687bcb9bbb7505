using Classroom.Core.Moderation;
using Classroom.Testing.Hub;

namespace Classroom.Server.Tests.Infrastructure;

/// <summary>Moderation by the domain's own action names (the shared hub client takes the wire number).</summary>
public static class HubClientModeration
{
    public static Task ModerateAsync(this HubClient client, ModerationAction action, string? target = null, string? value = null) =>
        client.ModerateAsync((int)action, target, value);
}
