using System.Text;
using System.Text.Encodings.Web;
using Classroom.Core.Errors;
using Microsoft.AspNetCore.Hosting.Server;

namespace Classroom.Server.Hosting.Https;

/// <summary>
/// /tls: a tiny server-rendered page (Russian, then English; no script) that shows the certificate's
/// fingerprints, offers the school's CA for permanent trust, explains the one-time "proceed" step on
/// phones and PCs, and links on to the HTTPS address. Reachable over plain HTTP and HTTPS.
/// </summary>
internal static class TlsPage
{
    public const string Path = "/tls";
    public const string AuthorityFile = "classroom-ca.crt";

    // Cyrillic as it is, not as entities: the page stays a few KB on a slow line.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static void Map(WebApplication app)
    {
        app.MapGet(Path, Render).ExcludeFromDescription();
        app.MapGet($"{Path}/{AuthorityFile}", DownloadAuthority).ExcludeFromDescription();
        app.MapGet($"{Path}/tls.css", () => Results.Text(TlsPageText.Style, "text/css; charset=utf-8")).ExcludeFromDescription();
    }

    private static IResult DownloadAuthority(ServerCertificates certificates, HttpContext context)
    {
        var authority = certificates.Source == CertificateSource.SelfMade && certificates.SelfMadeInUse ? certificates.SelfMade.Authority : null;
        if (authority is null)
        {
            return ProblemMapping.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "This server does not use a certificate authority of its own.");
        }
        context.Response.Headers.CacheControl = "no-cache";
        // DER with this type: Android, iOS Safari, Windows and Firefox all open their "install CA" dialog for it.
        return Results.File(authority.RawData, "application/x-x509-ca-cert", AuthorityFile);
    }

    private static IResult Render(HttpContext context, ServerCertificates certificates, IServer server)
    {
        var httpsPort = PlainHttpPolicy.HttpsPortOf(server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? []);
        var next = SafeNext(context.Request.Query["next"].ToString());
        string? httpsUrl = null;
        if (context.Request.IsHttps) httpsUrl = next;
        else if (httpsPort is not null) httpsUrl = PlainHttpPolicy.HttpsUrl(context.Request, httpsPort.Value, next);

        var page = new StringBuilder();
        var e = Html;
        page.Append("<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>Класс: защищённое подключение / Classroom: secure connection</title>")
            .Append("<link rel=\"stylesheet\" href=\"").Append(Path).Append("/tls.css\"></head><body>");
        foreach (var language in new[] { TlsPageText.Russian, TlsPageText.English })
        {
            page.Append("<section lang=\"").Append(language.Code).Append("\">");
            page.Append("<h1>").Append(e.Encode(language.Title)).Append("</h1>");
            if (httpsUrl is not null)
            {
                page.Append("<p class=\"go\"><a href=\"").Append(e.Encode(httpsUrl)).Append("\">")
                    .Append(e.Encode(language.Continue)).Append("</a><br><code>").Append(e.Encode(httpsUrl)).Append("</code></p>");
            }
            switch (certificates.Source)
            {
                case CertificateSource.SelfMade when certificates.SelfMadeInUse:
                    SelfMade(page, language, certificates.SelfMade);
                    break;
                case CertificateSource.Configured:
                    Paragraph(page, language.Configured);
                    Fingerprint(page, language.ServerFingerprint, certificates.Current);
                    break;
                case CertificateSource.Proxy:
                    Paragraph(page, language.Proxy);
                    break;
                default:
                    Paragraph(page, language.PlainOnly);
                    break;
            }
            page.Append("</section>");
        }
        page.Append("</body></html>");
        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(page.ToString(), "text/html; charset=utf-8");
    }

    private static void SelfMade(StringBuilder page, TlsPageText text, SelfMadeCertificates certificates)
    {
        var e = Html;
        Paragraph(page, text.SelfMadeIntro);
        Fingerprint(page, text.ServerFingerprint, certificates.Server);
        Fingerprint(page, text.AuthorityFingerprint, certificates.Authority);

        page.Append("<h2>").Append(e.Encode(text.OnceTitle)).Append("</h2>");
        List(page, text.OnceSteps);

        page.Append("<h2>").Append(e.Encode(text.ForeverTitle)).Append("</h2>");
        Paragraph(page, text.ForeverIntro);
        page.Append("<p class=\"go\"><a href=\"").Append(Path).Append('/').Append(AuthorityFile).Append("\" download>")
            .Append(e.Encode(text.Download)).Append("</a></p>");
        List(page, text.ForeverSteps);
        Paragraph(page, text.ForeverCaution);

        if (certificates.Server is { } server)
        {
            page.Append("<h2>").Append(e.Encode(text.KioskTitle)).Append("</h2>");
            Paragraph(page, text.KioskIntro);
            page.Append("<p><code>--ignore-certificate-errors-spki-list=").Append(e.Encode(CertificateIssuer.SpkiHash(server))).Append("</code></p>");
        }
    }

    private static void Fingerprint(StringBuilder page, string label, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate)
    {
        if (certificate is null) return;
        var e = Html;
        page.Append("<p>").Append(e.Encode(label)).Append("<br><code class=\"fp\">").Append(e.Encode(CertificateIssuer.Fingerprint(certificate))).Append("</code></p>");
    }

    private static void Paragraph(StringBuilder page, string text) =>
        page.Append("<p>").Append(Html.Encode(text)).Append("</p>");

    private static void List(StringBuilder page, IReadOnlyList<(string Who, string How)> steps)
    {
        var e = Html;
        page.Append("<ul>");
        foreach (var (who, how) in steps) page.Append("<li><b>").Append(e.Encode(who)).Append("</b>: ").Append(e.Encode(how)).Append("</li>");
        page.Append("</ul>");
    }

    /// <summary>A path on this server only: "/x", never "//other.host" or a full URL (no open redirect).</summary>
    public static string SafeNext(string? next)
    {
        if (string.IsNullOrEmpty(next) || next[0] != '/' || next.Length > 2048) return "/";
        if (next.Length > 1 && (next[1] == '/' || next[1] == '\\')) return "/";
        return next.Any(char.IsControl) ? "/" : next;
    }
}
