namespace Classroom.Server.Tests.Infrastructure;

/// <summary>A test class with a fresh server (and data folder) per test.</summary>
public abstract class HostedTest : IAsyncLifetime
{
    protected ClassroomHost Host { get; private set; } = null!;

    /// <summary>Configuration the tests of a class need beyond the defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public Task InitializeAsync()
    {
        Host = ClassroomHost.Start(settings: Settings);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        ClassroomHost.DeleteData(Host.DataDirectory);
    }
}
