using Classroom.Bench.Reporting;
using Classroom.Testing.Hub;

namespace Classroom.Bench.Scenarios.District;

/// <summary>
/// One measured step: who was connected, how joining went, the chat window's fan-out, and what the
/// server, the bench itself and everything else on the machine spent meanwhile.
/// </summary>
public sealed record StepResult(
    string Label,
    Wire Wire,
    int Cabinets,
    int Students,
    int Connections,
    JoinStats Join,
    ChatStats Chat,
    LatencySummary Fanout,
    IReadOnlyList<long> FanoutHistogram,
    double IdleServerCores,
    double ServerCores,
    double ServerCpuSeconds,
    long ServerRss,
    long ServerRssGrowth,
    double BenchCores,
    long BenchRss,
    double OtherCores,
    int Dropped,
    int? ServerExitCode)
{
    /// <summary>Threads of the server process after the window: growth means the thread pool had to inject threads (blocked work).</summary>
    public int ServerThreads { get; init; }

    public double ServerRssMb => ServerRss / (1024.0 * 1024);

    /// <summary>Server memory added per connection since before the first join.</summary>
    public double KbPerConnection => Connections == 0 ? double.NaN : ServerRssGrowth / 1024.0 / Connections;

    /// <summary>Server CPU per chat delivery (one message to one member), all its work included.</summary>
    public double ServerMicrosPerDelivery => Chat.Delivered == 0 ? double.NaN : ServerCpuSeconds * 1e6 / Chat.Delivered;

    /// <summary>Why this step does not count towards the goal, or null when it does.</summary>
    public string? Failure(double p99LimitMs)
    {
        if (ServerExitCode is { } code) return $"the server process exited (code {code}) during the step";
        if (Join.Failed > 0) return $"{Join.Failed} joins failed ({Join.FirstError})";
        if (Dropped > 0) return $"{Dropped} connections dropped";
        if (Chat.Failed > 0) return $"{Chat.Failed} sends failed ({Chat.FirstFailure})";
        if (Chat.Delivered < Chat.Expected) return $"delivered {Chat.Delivered} of {Chat.Expected}";
        if (Chat.Sent == 0) return "no message was sent";
        if (!(Fanout.P99 < p99LimitMs)) return $"fan-out p99 {Fanout.P99:0} ms ≥ {p99LimitMs:0} ms";
        return null;
    }
}
