using System.Net;
using System.Net.Security;

namespace Classroom.Testing.Hub;

/// <summary>Which hub protocol a client speaks (the web client speaks MessagePack).</summary>
public enum Wire
{
    Json,
    MessagePack,
}

/// <summary>How a <see cref="HubClient"/> connects to /hubs/classroom.</summary>
public sealed record HubClientOptions
{
    public Wire Wire { get; init; } = Wire.Json;

    /// <summary>A signed-in session's cookies (a teacher); null for a participant who joins by code or link.</summary>
    public CookieContainer? Cookies { get; init; }

    /// <summary>Resume a dropped connection with its buffered messages (needs the negotiate round trip).</summary>
    public bool StatefulReconnect { get; init; }

    /// <summary>Go straight to the WebSocket, as the web client does (no negotiate request; no stateful reconnect).</summary>
    public bool SkipNegotiation { get; init; }

    /// <summary>
    /// Keep every event the server pushes for <see cref="HubClient.WaitUntilAsync"/> and the recorded
    /// lists. The bench turns it off: thousands of clients in a long run would only grow the bench's
    /// own memory; it listens through the callbacks instead.
    /// </summary>
    public bool Record { get; init; } = true;

    /// <summary>How the WebSocket checks the server's certificate on HTTPS; null: the platform's default.</summary>
    public RemoteCertificateValidationCallback? CertificateCheck { get; init; }
}
