using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Classroom.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Classmates that cost a WebSocket each instead of a browser page: real hub connections to the server
/// process that join by code (docs/protocol.md), raise hands and chat, so a page under test sees a full
/// class. JSON protocol, no media.
/// </summary>
public sealed class HubStudents : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];

    private HubStudents()
    {
    }

    public IReadOnlyList<HubConnection> Connections => _connections;

    /// <summary>Connects one hub client per code and joins the lesson with it; returns once every join answered.</summary>
    public static async Task<HubStudents> JoinAsync(Uri server, IEnumerable<string> codes)
    {
        var students = new HubStudents();
        try
        {
            foreach (var code in codes)
            {
                var connection = new HubConnectionBuilder()
                    .WithUrl(new Uri(server, "hubs/classroom"), o => o.Transports = HttpTransportType.WebSockets)
                    .Build();
                students._connections.Add(connection);
                await connection.StartAsync();
                var result = await connection.InvokeAsync<JsonElement>("Join", new { code });
                Assert.True(result.TryGetProperty("status", out var status), $"Join answered {result}");
            }
        }
        catch
        {
            await students.DisposeAsync();
            throw;
        }
        return students;
    }

    public Task RaiseHandAsync(int index) => _connections[index].InvokeAsync("RaiseHand", true);

    public Task<long> SendChatAsync(int index, string text, string? toParticipantId = null) =>
        _connections[index].InvokeAsync<long>("SendChat", toParticipantId is null ? new { text } : (object)new { text, toParticipantId });

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections) await connection.DisposeAsync();
        _connections.Clear();
    }
}
