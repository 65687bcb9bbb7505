using System.Collections.Concurrent;
using Classroom.Core.Chat;
using Microsoft.AspNetCore.SignalR;

namespace Classroom.Server.Live;

/// <summary>What the server knows about one hub connection.</summary>
public sealed class ConnectionState(HubCallerContext context, SlidingWindowLimit callLimit)
{
    public HubCallerContext Context { get; } = context;
    public SlidingWindowLimit CallLimit { get; } = callLimit;

    /// <summary>The lesson this connection is in or waiting for; set once by a successful Join.</summary>
    public Guid? LessonId { get; set; }

    /// <summary>Calls refused for flooding; past a threshold the server closes the connection.</summary>
    public int FloodStrikes { get; set; }

    /// <summary>This connection's share of the refusal log lines.</summary>
    public Hosting.ConnectionLogAllowance LogAllowance { get; } = new();
}

/// <summary>
/// Live connections of this node, so the server can close one it must drop (lesson ended, replaced
/// by a newer connection) without the client's cooperation.
/// </summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, ConnectionState> _connections = new(StringComparer.Ordinal);

    public ConnectionState Add(HubCallerContext context, SlidingWindowLimit callLimit) =>
        _connections[context.ConnectionId] = new ConnectionState(context, callLimit);

    public ConnectionState? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    public ConnectionState? Remove(string connectionId) => _connections.TryRemove(connectionId, out var s) ? s : null;

    public void Abort(string connectionId)
    {
        if (_connections.TryGetValue(connectionId, out var state)) state.Context.Abort();
    }
}
