using System.Globalization;
using Classroom.Core.Errors;
using Microsoft.AspNetCore.Diagnostics;

namespace Classroom.Server.Hosting;

/// <summary>Domain refusals over HTTP: problem details with the same stable codes the hub uses.</summary>
public sealed class ProblemMapping(IProblemDetailsService problems, LogBudget logBudget, ILogger<ProblemMapping> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, detail) = exception switch
        {
            ClassroomException e => (StatusFor(e.Code), e.Code, e.Message),
            BadHttpRequestException e => (e.StatusCode, ErrorCodes.BadRequest, "The request could not be read."),
            _ => (0, string.Empty, string.Empty),
        };
        if (status == 0) return false;
        // The route pattern, not the path: paths can carry link tokens, which are secrets.
        var route = (httpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        if (logBudget.TryTake()) Log.RequestRefused(logger, code, route);
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = detail, Extensions = { ["code"] = code } },
        });
    }

    public static int StatusFor(string code) => code switch
    {
        ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
        ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>A problem result for handlers that refuse without throwing.</summary>
    public static IResult Problem(int status, string code, string title) => Problem(status, code, title, []);

    /// <summary>
    /// A 429 for a client that must wait <paramref name="seconds"/> before trying again: the
    /// <c>Retry-After</c> header says so, and the body's <c>retryAfter</c> for a page that shows it.
    /// </summary>
    public static IResult RetryLater(HttpResponse response, string code, string title, int seconds)
    {
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status429TooManyRequests, code, title, new() { ["retryAfter"] = seconds });
    }

    private static IResult Problem(int status, string code, string title, Dictionary<string, object?> extensions)
    {
        extensions["code"] = code;
        return Results.Problem(statusCode: status, title: title, extensions: extensions);
    }
}
