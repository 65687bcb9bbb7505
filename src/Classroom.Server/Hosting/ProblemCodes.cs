using Classroom.Core.Errors;

namespace Classroom.Server.Hosting;

/// <summary>
/// Every error answer carries a stable <c>code</c>, including the ones the pipeline writes by itself
/// (authentication challenges, routing's 404/405/415, the body size limit, the rate limiter, bad JSON).
/// Handlers that refuse set their own code; this only fills in a code where none was given.
/// </summary>
public static class ProblemCodes
{
    public const string AuthRequired = "auth.required";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string TooLarge = "too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string InternalError = "internal_error";

    /// <summary>Problem details for every error, each with a <c>code</c>.</summary>
    public static IServiceCollection AddProblemCodes(this IServiceCollection services) =>
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            var status = c.ProblemDetails.Status ?? c.HttpContext.Response.StatusCode;
            c.ProblemDetails.Extensions.TryAdd("code", ForStatus(status));
        });

    /// <summary>The code for an answer nobody gave a more precise one.</summary>
    public static string ForStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => AuthRequired,
        StatusCodes.Status403Forbidden => ErrorCodes.Forbidden,
        StatusCodes.Status404NotFound => ErrorCodes.NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status413PayloadTooLarge => TooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => ErrorCodes.RateLimited,
        >= 500 => InternalError,
        _ => ErrorCodes.BadRequest,
    };
}
