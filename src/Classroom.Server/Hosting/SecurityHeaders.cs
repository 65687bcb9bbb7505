namespace Classroom.Server.Hosting;

/// <summary>
/// Headers every answer carries (pages, assets, API, errors). The policy is what the built web client
/// needs and nothing more: its script and stylesheet come from our own origin, the hub is a
/// same-origin WebSocket (CSP 3 lets <c>'self'</c> match ws:/wss: of the page's host), the favicon is
/// a <c>data:</c> URL, and video elements play MediaStreams (srcObject, not a URL).
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; " +
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Camera, microphone and screen capture for our own pages only; nothing else powerful.</summary>
    public const string PermissionsPolicy =
        "camera=(self), microphone=(self), display-capture=(self), fullscreen=(self), autoplay=(self), " +
        "geolocation=(), payment=(), usb=(), serial=(), hid=()";

    /// <summary>Adds the headers when the answer starts, so the exception handler and status pages keep them too.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                // frame-ancestors for current browsers, X-Frame-Options for old ones on school PCs.
                headers.XFrameOptions = "DENY";
                headers.XContentTypeOptions = "nosniff";
                // Join and link pages carry secret tokens in their paths: never send them to another site.
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = PermissionsPolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            }, context.Response);
            return next(context);
        });
}
