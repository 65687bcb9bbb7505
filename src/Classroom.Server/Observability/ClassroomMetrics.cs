using System.Diagnostics.Metrics;

namespace Classroom.Server.Observability;

/// <summary>The server's own instruments, exported at <c>/metrics</c>.</summary>
public sealed class ClassroomMetrics : IDisposable
{
    public const string MeterName = "Classroom";

    private readonly Meter _meter;
    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _hubCalls;
    private readonly Counter<long> _hubErrors;

    public ClassroomMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _connections = _meter.CreateUpDownCounter<long>("classroom.connections", description: "Live hub connections");
        _hubCalls = _meter.CreateCounter<long>("classroom.hub.calls", description: "Hub method invocations");
        _hubErrors = _meter.CreateCounter<long>("classroom.hub.errors", description: "Hub invocations refused or failed");
    }

    public void ObserveLive(Func<int> lessonsInProgress, Func<int> cabinetsLive)
    {
        _meter.CreateObservableGauge("classroom.lessons.in_progress", lessonsInProgress, description: "Lessons with participants present");
        _meter.CreateObservableGauge("classroom.cabinets.live", cabinetsLive, description: "Cabinets with a live lesson");
    }

    public void ConnectionOpened() => _connections.Add(1);
    public void ConnectionClosed() => _connections.Add(-1);
    public void HubCall(string method) => _hubCalls.Add(1, new KeyValuePair<string, object?>("method", method));
    public void HubError(string method, string code) =>
        _hubErrors.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("code", code));

    public void Dispose() => _meter.Dispose();
}
