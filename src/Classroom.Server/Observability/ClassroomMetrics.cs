using System.Diagnostics.Metrics;
using Classroom.Media.Rooms;

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

    /// <summary>The media relay's receive loops, read when /metrics is scraped.</summary>
    public void ObserveMedia(Func<RelayCounters> counters)
    {
        _meter.CreateObservableCounter("classroom.media.datagrams.received", () => counters().DatagramsReceived, description: "UDP datagrams the media receive loops took");
        _meter.CreateObservableCounter("classroom.media.rtp.sent", () => counters().RtpSent, description: "RTP packets the relay sent");
        _meter.CreateObservableCounter("classroom.media.datagrams.dropped", () => counters().Dropped, description: "Media datagrams dropped (unknown source, refused STUN, bad SRTP, floods)");
        _meter.CreateObservableCounter("classroom.media.faults", () => counters().Faults, description: "Media packets whose handling failed (a bug)");
        _meter.CreateObservableCounter("classroom.media.loop.allocated", () => counters().LoopAllocatedBytes, unit: "By",
            description: "Bytes the media receive loops allocated");
        _meter.CreateObservableGauge("classroom.media.loops", () => counters().Loops, description: "Media receive loops");
        _meter.CreateObservableCounter("classroom.media.receive.full_batches", () => counters().FullBatches,
            description: "Media receives that filled a whole batch (the loop was behind)");
        // ICE-TCP (RFC 6544): browsers behind firewalls that block UDP.
        _meter.CreateObservableGauge("classroom.media.tcp.connections", () => counters().Tcp.Open, description: "ICE-TCP connections open");
        _meter.CreateObservableGauge("classroom.media.tcp.pending", () => counters().Tcp.Pending,
            description: "ICE-TCP connections not yet bound to a transport by a valid STUN check");
        _meter.CreateObservableCounter("classroom.media.tcp.accepted", () => counters().Tcp.Accepted, description: "ICE-TCP connections accepted");
        _meter.CreateObservableCounter("classroom.media.tcp.refused", () => counters().Tcp.Refused,
            description: "ICE-TCP connections closed at once because a connection limit was reached");
        _meter.CreateObservableCounter("classroom.media.tcp.closed_hostile", () => counters().Tcp.ClosedHostile,
            description: "ICE-TCP connections closed for bad framing, no or no valid STUN check first, or a missed deadline");
        _meter.CreateObservableCounter("classroom.media.tcp.queue_drops", () => counters().Tcp.QueueDrops,
            description: "Packets dropped whole because an ICE-TCP connection's send queue was full");
    }

    public void ConnectionOpened() => _connections.Add(1);
    public void ConnectionClosed() => _connections.Add(-1);
    public void HubCall(string method) => _hubCalls.Add(1, new KeyValuePair<string, object?>("method", method));
    public void HubError(string method, string code) =>
        _hubErrors.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("code", code));

    public void Dispose() => _meter.Dispose();
}
