namespace Classroom.Server.Tests.Infrastructure;

/// <summary>A test class with a fresh server (and data folder) per test.</summary>
public abstract class HostedTest : IAsyncLifetime
{
    protected ClassroomHost Host { get; private set; } = null!;

    /// <summary>Configuration the tests of a class need beyond the defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    /// <summary>Extra setup of the test host a class needs (log capture, observed services).</summary>
    protected virtual void ConfigureHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
    }

    public Task InitializeAsync()
    {
        Host = ClassroomHost.Start(settings: Settings, configure: ConfigureHost);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        ClassroomHost.DeleteData(Host.DataDirectory);
    }
}
