using Classroom.EndToEnd.Tests.Infrastructure;

namespace Classroom.EndToEnd.Tests.FirstStart;

/// <summary>The harness itself: a server that fails to start in time must not outlive its test.</summary>
public sealed class ServerProcessTests
{
    [Fact]
    public async Task A_server_not_healthy_in_time_is_killed_instead_of_answering_the_next_tests_health_check()
    {
        var data = Directory.CreateTempSubdirectory("classroom-e2e-slow-").FullName;
        try
        {
            // No server answers /health within a millisecond: the start fails...
            await Assert.ThrowsAsync<TimeoutException>(() => ServerProcess.StartAsync(data, healthTimeout: TimeSpan.FromMilliseconds(1)));

            // ...and the process it launched is gone, not left to bind the port a moment later.
            Assert.Empty(ServersUsing(data));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Processes whose environment names <paramref name="dataDirectory"/> as Classroom__DataDirectory.</summary>
    private static List<int> ServersUsing(string dataDirectory)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var environment = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0');
                if (environment.Contains($"Classroom__DataDirectory={dataDirectory}")) found.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the process ended meanwhile, or is not ours to read
            }
        }
        return found;
    }
}
