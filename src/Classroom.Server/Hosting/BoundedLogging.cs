using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Hosting;

/// <summary>
/// Expected refusals cost a line at most, and the log has a bound: the <see cref="LogBudget"/>, and
/// SignalR's dispatcher kept from repeating, as <c>fail</c> with a stack trace, every refusal our
/// <see cref="Hubs.HubErrorFilter"/> has already logged (or deliberately left out) in one line.
/// </summary>
public static class BoundedLogging
{
    /// <summary>SignalR's category for hub invocations (generic arguments are not part of it).</summary>
    public const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    /// <summary>The dispatcher's "Failed to invoke hub method" event.</summary>
    public const int FailedInvokingHubMethod = 8;

    public static IServiceCollection AddBoundedLogs(this IServiceCollection services)
    {
        services.AddOptions<LogBudgetOptions>().BindConfiguration(LogBudgetOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LogBudget>();
        // The logger factory the host registered, built the same way, behind a thin filter.
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new QuietRefusalsLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>()))));
        return services;
    }

    /// <summary>
    /// The exceptions the filter turns every hub call's end into: a <see cref="HubException"/> carries
    /// a refusal (or an unexpected failure the filter logged itself), a cancellation means the caller
    /// went away. Anything else reaching the dispatcher (e.g. the hub could not be created) still logs.
    /// </summary>
    public static bool AlreadyLogged(Exception? exception) => exception is HubException or OperationCanceledException;

    private sealed class QuietRefusalsLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName)
        {
            var logger = inner.CreateLogger(categoryName);
            return categoryName == DispatcherCategory ? new QuietDispatcherLogger(logger) : logger;
        }

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose() => inner.Dispose();
    }

    private sealed class QuietDispatcherLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == FailedInvokingHubMethod && AlreadyLogged(exception)) return;
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
