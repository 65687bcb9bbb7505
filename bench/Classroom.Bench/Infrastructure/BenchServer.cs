using System.Net;
using Classroom.Testing.Servers;

namespace Classroom.Bench.Infrastructure;

/// <summary>
/// The Classroom server under test, started by the shared launcher (<see cref="ServerProcess"/>) the
/// way the bench measures it: the Release build, its own empty data folder, warnings-only logging
/// (console logging at load costs CPU a school's server would not spend), and under <c>taskset</c>
/// when the scenario pins the process under test (<see cref="CpuPinning"/>).
/// </summary>
public static class BenchServer
{
    /// <param name="address">Where HTTP and media listen and what ICE announces; loopback by default.</param>
    /// <param name="settings">Extra configuration as environment keys (e.g. <c>Classroom__HubCallsPerWindow</c>).</param>
    /// <param name="https">Listen on HTTPS with the server's own certificate (and plain HTTP beside it).</param>
    /// <param name="serverDll">Another build of the server (e.g. an older commit's, for a before/after figure).</param>
    public static Task<ServerProcess> StartAsync(IPAddress? address = null, IReadOnlyDictionary<string, string>? settings = null,
        bool https = false, string? serverDll = null, CancellationToken cancellationToken = default) =>
        ServerProcess.StartAsync(
            bindAddress: address ?? IPAddress.Loopback, https: https, settings: settings,
            serverDll: serverDll ?? ServerProcess.ServerDll("Release"), healthTimeout: TimeSpan.FromSeconds(90), quiet: true,
            prepare: CpuPinning.Apply, cancellationToken: cancellationToken);
}
