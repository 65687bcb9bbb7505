using System.Net;
using System.Net.Http.Json;
using Classroom.Contracts;
using Classroom.Server.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Classroom.Server.Tests.Infrastructure;

public enum Wire
{
    Json,
    MessagePack,
}

/// <summary>One browser: a cookie jar shared by its HTTP calls and its hub connections.</summary>
public sealed class Session : IDisposable
{
    private readonly ClassroomHost _host;

    public Session(ClassroomHost host)
    {
        _host = host;
        Cookies = new CookieContainer();
        Http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies }) { BaseAddress = host.BaseAddress };
    }

    public CookieContainer Cookies { get; }
    public HttpClient Http { get; }

    public async Task<T> PostAsync<T>(string path, object body)
    {
        var response = await Http.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    public async Task<T> GetAsync<T>(string path)
    {
        var response = await Http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    public async Task<LiveClient> ConnectAsync(Wire wire = Wire.Json)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(_host.BaseAddress, Composition.HubPath), o =>
            {
                o.Cookies = Cookies;
                o.Transports = HttpTransportType.WebSockets;
            })
            .WithStatefulReconnect();
        if (wire == Wire.MessagePack) builder.AddMessagePackProtocol(o => o.SerializerOptions = WireFormat.MessagePack);
        var connection = builder.Build();
        var client = new LiveClient(connection);
        await connection.StartAsync();
        return client;
    }

    public void Dispose() => Http.Dispose();
}
