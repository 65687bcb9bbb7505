namespace Classroom.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One Firefox per test class (a start costs seconds of the CI's two cores), started by the first
/// test inside the collection's <see cref="MediaNetworkFixture"/> namespace and closed when the class
/// is done, before the collection removes the namespace.
/// </summary>
public sealed class FirefoxFixture : IAsyncLifetime
{
    private readonly Lock _lock = new();
    private Task<FirefoxBrowser>? _start;

    /// <summary>The class's Firefox in <paramref name="network"/>; a failed start fails every test of the class, it is not retried.</summary>
    public Task<FirefoxBrowser> BrowserAsync(PrivateNetwork network)
    {
        lock (_lock) return _start ??= FirefoxBrowser.LaunchAsync(network);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Task<FirefoxBrowser>? start;
        lock (_lock) start = _start;
        if (start is { IsCompletedSuccessfully: true }) await start.Result.DisposeAsync();
    }
}
