using Classroom.Core.Errors;
using Classroom.Server.Hosting;
using Classroom.Server.Live;
using Classroom.Server.Moderation;
using Microsoft.Extensions.Options;
using Classroom.Server.Observability;
using Microsoft.AspNetCore.SignalR;

namespace Classroom.Server.Hubs;

/// <summary>
/// Every hub call passes here: a per-connection flood limit, metrics, and the mapping of domain
/// refusals to <see cref="HubException"/> with a stable <c>[code]</c>. A refusal is expected: one
/// Information line, within the <see cref="LogBudget"/>. Unexpected failures are logged at Error
/// (also bounded) and reported without details; the caller's connection and everyone else's stay up.
/// SignalR's own dispatcher does not log again what ends here (<see cref="BoundedLogging"/>).
/// </summary>
public sealed class HubErrorFilter(
    ConnectionRegistry connections,
    ModerationService moderation,
    IOptions<ClassroomOptions> options,
    ClassroomMetrics metrics,
    LogBudget logBudget,
    TimeProvider time,
    ILogger<HubErrorFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var method = invocationContext.HubMethodName;
        metrics.HubCall(method);
        var connectionId = invocationContext.Context.ConnectionId;
        var state = connections.Find(connectionId);
        if (state is not null && !state.CallLimit.TryAcquire(time.GetUtcNow()))
        {
            if (logBudget.TryTake(state.LogAllowance)) Log.HubFlood(logger, connectionId);
            metrics.HubError(method, ErrorCodes.RateLimited);
            if (++state.FloodStrikes >= options.Value.FloodStrikesToDisconnect)
            {
                // Out of the lesson (the teacher sees it in the log), then off the server.
                await moderation.RemoveFloodingAsync(connectionId);
                state.Context.Abort();
            }
            throw new HubException($"[{ErrorCodes.RateLimited}] Too many requests; slow down.");
        }
        try
        {
            return await next(invocationContext);
        }
        catch (ClassroomException ex)
        {
            if (logBudget.TryTake(state?.LogAllowance)) Log.HubCallRefused(logger, method, ex.Code);
            metrics.HubError(method, ex.Code);
            throw new HubException($"[{ex.Code}] {ex.Message}");
        }
        catch (Exception ex) when (ex is not HubException and not OperationCanceledException)
        {
            if (logBudget.TryTakeFailure()) Log.HubCallFailed(logger, ex, method);
            metrics.HubError(method, "internal_error");
            throw new HubException("[internal_error] The server could not complete the request.");
        }
    }
}
