using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Hosting;

/// <summary>How many log lines refusals and failures may write (section <c>Classroom:Logs</c>).</summary>
public sealed class LogBudgetOptions
{
    public const string Section = "Classroom:Logs";

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Lines for expected refusals (hub, HTTP, logins) per window, from everyone together.</summary>
    [Range(1, 100_000)]
    public int RefusalLines { get; set; } = 20;

    /// <summary>Of those, lines one hub connection may cause per window.</summary>
    [Range(1, 100_000)]
    public int LinesPerConnection { get; set; } = 3;

    /// <summary>Unexpected failures logged (with their stack traces) per window.</summary>
    [Range(1, 100_000)]
    public int FailureLines { get; set; } = 5;
}

/// <summary>One hub connection's share of the refusal lines; lives as long as the connection.</summary>
public sealed class ConnectionLogAllowance
{
    internal long WindowStartTicks;
    internal int Used;
}

/// <summary>
/// Bounds what clients can make the server write. An expected refusal costs at most a line, and
/// only while the budget lasts: lines past it are counted, and once per window a single line says
/// how many were left out. A student who hammers the hub, or a guesser at the login, cannot fill
/// the disk (before this, twenty students staying under the flood limit wrote 157 KiB/s).
/// </summary>
public sealed class LogBudget : IDisposable
{
    private readonly LogBudgetOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _summary;
    private readonly Lock _lock = new();
    private long _windowStartTicks;
    private int _refusals;
    private int _failures;
    private int _suppressedRefusals;
    private int _suppressedFailures;

    public LogBudget(IOptions<LogBudgetOptions> options, TimeProvider time, ILoggerFactory logs)
    {
        _options = options.Value;
        _time = time;
        _logger = logs.CreateLogger("Classroom.Logs");
        _windowStartTicks = time.GetUtcNow().UtcTicks;
        _summary = time.CreateTimer(_ => Summarize(), null, _options.Window, _options.Window);
    }

    /// <summary>May an expected refusal not tied to a hub connection write its line?</summary>
    public bool TryTake() => TryTake(null);

    /// <summary>May an expected refusal write its line? Counts against the connection's share when given.</summary>
    public bool TryTake(ConnectionLogAllowance? connection)
    {
        var now = _time.GetUtcNow().UtcTicks;
        lock (_lock)
        {
            Roll(now);
            var connectionFull = false;
            if (connection is not null)
            {
                if (now - connection.WindowStartTicks >= _options.Window.Ticks)
                {
                    connection.WindowStartTicks = now;
                    connection.Used = 0;
                }
                connectionFull = connection.Used >= _options.LinesPerConnection;
            }
            if (connectionFull || _refusals >= _options.RefusalLines)
            {
                _suppressedRefusals++;
                return false;
            }
            _refusals++;
            if (connection is not null) connection.Used++;
            return true;
        }
    }

    /// <summary>May an unexpected failure write its line and stack trace?</summary>
    public bool TryTakeFailure()
    {
        var now = _time.GetUtcNow().UtcTicks;
        lock (_lock)
        {
            Roll(now);
            if (_failures >= _options.FailureLines)
            {
                _suppressedFailures++;
                return false;
            }
            _failures++;
            return true;
        }
    }

    private void Roll(long now)
    {
        if (now - _windowStartTicks < _options.Window.Ticks) return;
        _windowStartTicks = now;
        _refusals = 0;
        _failures = 0;
    }

    /// <summary>Once per window: one line for everything left out, if anything was.</summary>
    private void Summarize()
    {
        int refusals, failures;
        lock (_lock)
        {
            (refusals, failures) = (_suppressedRefusals, _suppressedFailures);
            (_suppressedRefusals, _suppressedFailures) = (0, 0);
        }
        if (refusals > 0) Log.RefusalLinesSuppressed(_logger, refusals, _options.Window.TotalSeconds);
        if (failures > 0) Log.FailureLinesSuppressed(_logger, failures, _options.Window.TotalSeconds);
    }

    public void Dispose() => _summary.Dispose();
}
