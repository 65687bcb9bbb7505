using System.Net;
using Classroom.Server.Hosting;
using Classroom.Testing.Api;
using Classroom.Testing.Servers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Classroom.Server.Tests.Infrastructure;

/// <summary>
/// The real server on a loopback port (Kestrel, not the in-memory test server), over a real SQLite
/// file in a folder of its own, with a clock the test moves.
/// </summary>
public sealed class ClassroomHost : IClassroomServer, IAsyncDisposable
{
    public const string AdminPassword = "admin-pass-123";

    private readonly WebApplicationFactory<Program> _factory;

    private ClassroomHost(WebApplicationFactory<Program> factory, string dataDirectory, FakeTimeProvider time, Uri baseAddress)
    {
        _factory = factory;
        DataDirectory = dataDirectory;
        Time = time;
        BaseAddress = baseAddress;
    }

    public string DataDirectory { get; }
    public FakeTimeProvider Time { get; }
    public Uri BaseAddress { get; }
    public IServiceProvider Services => _factory.Services;

    /// <param name="configure">Extra setup of the test host (e.g. a log capture or a service to observe), applied last.</param>
    public static ClassroomHost Start(
        string? dataDirectory = null, FakeTimeProvider? time = null, IReadOnlyDictionary<string, string>? settings = null, Action<IWebHostBuilder>? configure = null)
    {
        dataDirectory ??= Directory.CreateTempSubdirectory("classroom-test-").FullName;
        time ??= new FakeTimeProvider(DateTimeOffset.UtcNow);
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            // Loopback only, on a free port: tests never listen on the machine's other interfaces.
            b.UseSetting("urls", "http://127.0.0.1:0");
            b.UseSetting("Classroom:DataDirectory", dataDirectory);
            // Media on loopback, any free port: hosts of parallel tests never collide.
            b.UseSetting("Classroom:Media:BindAddress", "127.0.0.1");
            b.UseSetting("Classroom:Media:UdpPort", "0");
            b.UseSetting(DatabaseSetup.AdminPasswordVariable, AdminPassword);
            b.UseSetting("Classroom:LoginAttemptsPerMinute", "1000");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) b.UseSetting(key, value);
            b.ConfigureServices(s => s.AddSingleton<TimeProvider>(time));
            configure?.Invoke(b);
        });
        factory.UseKestrel();
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ClassroomHost(factory, dataDirectory, time, new Uri(address));
    }

    string IClassroomServer.AdminPassword => AdminPassword;

    public SocketsHttpHandler NewHandler() => new() { CookieContainer = new CookieContainer(), UseCookies = true };

    /// <summary>A browser-like client with its own cookie jar.</summary>
    public Session NewSession() => new(this);

    public Task<Session> LoginAsync(string userName, string password) => Session.LoginAsync(this, userName, password);

    public Task<Session> LoginAdminAsync() => LoginAsync("admin", AdminPassword);

    /// <summary>Creates a teacher account through the admin API and logs in as them.</summary>
    public Task<Session> NewTeacherAsync(string userName = "teacher", string displayName = "Мария Ивановна") =>
        SchoolApi.NewTeacherAsync(this, userName, displayName);

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
    }

    /// <summary>Removes the data folder; call when the test no longer needs to restart over it.</summary>
    public static void DeleteData(string dataDirectory)
    {
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
