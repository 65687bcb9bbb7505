using Microsoft.Extensions.Logging;

namespace Classroom.Server.Tests.Infrastructure;

/// <summary>Every line the test host's server logs, formatted; add <see cref="Provider"/> to the host's logging.</summary>
public sealed class CapturedLogs
{
    public sealed record Entry(string Category, LogLevel Level, int EventId, string Message, Exception? Exception);

    private readonly Lock _lock = new();
    private readonly List<Entry> _entries = [];

    public IReadOnlyList<Entry> Entries { get { lock (_lock) return _entries.ToList(); } }

    /// <summary>A provider writing here; the host owns (and disposes) it.</summary>
    public ILoggerProvider Provider() => new CapturingProvider(this);

    private void Add(Entry entry)
    {
        lock (_lock) _entries.Add(entry);
    }

    private sealed class CapturingProvider(CapturedLogs owner) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(owner, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(new Entry(category, logLevel, eventId.Id, formatter(state, exception), exception));
    }
}
