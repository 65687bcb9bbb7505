using Classroom.Core.Errors;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Extensions;

namespace Classroom.Server.Hosting.Https;

/// <summary>
/// What a request over plain HTTP gets when the server also listens on HTTPS, and HSTS on HTTPS.
/// <list type="bullet">
/// <item>/tls, /health and /metrics answer on both (the explanation page must be reachable before
/// the certificate is accepted; monitoring has no cookies).</item>
/// <item>API and hub calls, and anything but GET/HEAD, are refused with <c>https_required</c>:
/// following a redirect would make them silently work while the password or cookie crossed the
/// network in clear.</item>
/// <item>Page navigations: with the admin's certificate, a permanent redirect to HTTPS (and HSTS
/// there). With the self-made one, a browser that has never been on our HTTPS goes to the /tls page
/// first (so the warning it will see is explained); one that has (a cookie our HTTPS pages set, which
/// carries nothing secret) goes straight to HTTPS.</item>
/// </list>
/// A server with no https:// endpoint (a test, or behind a proxy) serves plain HTTP as it is.
/// </summary>
internal sealed class PlainHttpPolicy(RequestDelegate next, ServerCertificates certificates, IServer server)
{
    /// <summary>Set on HTTPS page loads with the self-made certificate: "this browser has proceeded before".</summary>
    public const string VisitedCookie = "classroom.https";

    /// <summary>About as long as Chromium remembers a "proceed" on a certificate warning.</summary>
    private static readonly TimeSpan VisitedLifetime = TimeSpan.FromDays(7);

    private int? _httpsPort;
    private bool _portKnown;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.IsHttps)
        {
            OnHttps(context);
            return next(context);
        }
        var httpsPort = HttpsPort();
        if (httpsPort is null || certificates.Source == CertificateSource.Proxy) return next(context);

        var path = context.Request.Path;
        if (path.StartsWithSegments(TlsPage.Path) || path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics")) return next(context);

        var request = context.Request;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments(Composition.HubPath) || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
        {
            return ProblemMapping.Problem(StatusCodes.Status403Forbidden, ErrorCodes.HttpsRequired,
                $"Use HTTPS: {HttpsUrl(request, httpsPort.Value, "/")}").ExecuteAsync(context);
        }

        var target = request.PathBase.Add(path).ToUriComponent() + request.QueryString.ToUriComponent();
        if (certificates.Source == CertificateSource.Configured)
        {
            context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
            context.Response.Headers.Location = HttpsUrl(request, httpsPort.Value, target);
            return Task.CompletedTask;
        }
        context.Response.StatusCode = StatusCodes.Status302Found;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Location = request.Cookies.ContainsKey(VisitedCookie)
            ? HttpsUrl(request, httpsPort.Value, target)
            : $"{TlsPage.Path}?next={Uri.EscapeDataString(target)}";
        return Task.CompletedTask;
    }

    private void OnHttps(HttpContext context)
    {
        if (certificates.SendsHsts)
        {
            var maxAge = certificates.HstsMaxAgeSeconds;
            // Set when the response starts: the exception handler clears headers set earlier.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.StrictTransportSecurity = $"max-age={maxAge}";
                return Task.CompletedTask;
            });
        }
        else if (certificates.Source == CertificateSource.SelfMade && IsPageLoad(context.Request))
        {
            context.Response.Cookies.Append(VisitedCookie, "1", new CookieOptions
            {
                // Readable over plain HTTP on purpose (that is where it is looked at); it holds no secret.
                Secure = false,
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                MaxAge = VisitedLifetime,
                Path = "/",
                IsEssential = true,
            });
        }
    }

    private static bool IsPageLoad(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && (request.Headers["Sec-Fetch-Mode"] == "navigate" || request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal));

    /// <summary>The same host the browser used, on the HTTPS port.</summary>
    public static string HttpsUrl(HttpRequest request, int httpsPort, string pathAndQuery)
    {
        var host = request.Host.Host;
        if (string.IsNullOrEmpty(host)) host = "localhost";
        var port = httpsPort == 443 ? string.Empty : $":{httpsPort}";
        return $"https://{host}{port}{pathAndQuery}";
    }

    /// <summary>The port of the first https:// endpoint Kestrel bound (known once the server has started).</summary>
    public int? HttpsPort()
    {
        if (_portKnown) return _httpsPort;
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null || addresses.Count == 0) return null;
        _httpsPort = HttpsPortOf(addresses);
        _portKnown = true;
        return _httpsPort;
    }

    public static int? HttpsPortOf(IEnumerable<string> addresses)
    {
        foreach (var address in addresses)
        {
            if (!address.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) continue;
            return BindingAddress.Parse(address).Port;
        }
        return null;
    }
}
