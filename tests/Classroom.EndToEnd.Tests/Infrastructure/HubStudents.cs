using Classroom.Testing.Hub;

namespace Classroom.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Classmates that cost a WebSocket each instead of a browser page: shared hub clients (JSON) that join
/// the server process by code (docs/protocol.md), raise hands and chat, so a page under test sees a
/// full class. No media.
/// </summary>
public sealed class HubStudents : IAsyncDisposable
{
    private readonly List<HubClient> _clients = [];

    private HubStudents()
    {
    }

    public IReadOnlyList<HubClient> Clients => _clients;

    /// <summary>Connects one hub client per code and joins the lesson with it; returns once every join answered.</summary>
    public static async Task<HubStudents> JoinAsync(Uri server, IEnumerable<string> codes)
    {
        var students = new HubStudents();
        try
        {
            foreach (var code in codes)
            {
                var client = HubClient.Create(server);
                students._clients.Add(client);
                await client.StartAsync();
                await client.JoinAsync(code);
            }
        }
        catch
        {
            await students.DisposeAsync();
            throw;
        }
        return students;
    }

    public Task RaiseHandAsync(int index) => _clients[index].RaiseHandAsync(true);

    public Task<long> SendChatAsync(int index, string text, string? toParticipantId = null) => _clients[index].SendChatAsync(text, toParticipantId);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) await client.DisposeAsync();
        _clients.Clear();
    }
}
