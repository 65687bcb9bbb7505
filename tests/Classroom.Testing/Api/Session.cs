using System.Net;
using System.Net.Http.Json;
using Classroom.Testing.Hub;
using Classroom.Testing.Servers;

namespace Classroom.Testing.Api;

/// <summary>One browser: a cookie jar shared by its HTTP calls and its hub connections.</summary>
public sealed class Session : IDisposable
{
    private readonly IClassroomServer _server;

    public Session(IClassroomServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        _server = server;
        var handler = server.NewHandler();
        Cookies = handler.CookieContainer;
        Http = new HttpClient(handler) { BaseAddress = server.BaseAddress };
    }

    public CookieContainer Cookies { get; }
    public HttpClient Http { get; }

    /// <summary>A new session signed in through the API; throws when the server refuses.</summary>
    public static async Task<Session> LoginAsync(IClassroomServer server, string userName, string password, CancellationToken cancellationToken = default)
    {
        var session = new Session(server);
        try
        {
            await session.PostAsync<object>("api/auth/login", new { userName, password }, cancellationToken);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>POSTs JSON and reads the JSON answer; a status other than 2xx throws with the problem the server sent.</summary>
    public Task<T> PostAsync<T>(string path, object body, CancellationToken cancellationToken = default) =>
        SchoolApi.PostAsync<T>(Http, path, body, cancellationToken);

    /// <summary>GETs JSON; a status other than 2xx throws with the problem the server sent.</summary>
    public async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken = default)
    {
        using var response = await Http.GetAsync(new Uri(path.TrimStart('/'), UriKind.Relative), cancellationToken);
        await SchoolApi.EnsureSuccessAsync(path, response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(cancellationToken))!;
    }

    /// <summary>Options for a hub connection that carries this session's cookies.</summary>
    public HubClientOptions HubOptions(Wire wire = Wire.Json) =>
        new() { Wire = wire, Cookies = Cookies, StatefulReconnect = true, CertificateCheck = _server.CertificateCheck };

    /// <summary>A started hub connection with this session's cookies (not joined yet).</summary>
    public async Task<HubClient> ConnectAsync(Wire wire = Wire.Json)
    {
        var client = HubClient.Create(_server.BaseAddress, HubOptions(wire));
        try
        {
            await client.StartAsync();
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public void Dispose() => Http.Dispose();
}
