using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Classroom.Server.Hosting;

/// <summary>
/// Serves the built web client (client/ beside the content root) like a real site:
/// <list type="bullet">
/// <item>the Brotli or gzip copy written at build time (scripts/precompress.mjs) to a browser that
/// accepts it, the file itself to one that does not, always with <c>Vary: Accept-Encoding</c>;</item>
/// <item>Vite's content-hashed files under /assets/ cached for a year as <c>immutable</c> (a new
/// build has new names), everything else (index.html) <c>no-cache</c>: revalidated on every load
/// with its ETag, so a new version is seen at once and an unchanged one costs a 304;</item>
/// <item>index.html for the client's own routes (/j/CODE, /cabinet/ID): routing is client-side.
/// Never for <c>/api</c> or <c>/hubs</c>, which get a plain 404 with a code instead. Done here rather
/// than with a fallback endpoint, because a fallback route takes part in routing for every path: it
/// turned unknown API paths into 405s, and a catch-all for <c>/api</c> hid routing's own 405 (wrong
/// method) and 415 (wrong content type).</item>
/// </list>
/// Dynamic responses are not compressed: they are small, and several carry secrets (join codes,
/// link tokens) next to text a user typed, the mix that BREACH reads through compressed sizes.
/// </summary>
internal sealed class ClientAssets(RequestDelegate next, IWebHostEnvironment environment)
{
    public const string Index = "index.html";
    private const string HashedFolder = "/assets/";
    private const string Immutable = "public, max-age=31536000, immutable";
    private const string Revalidate = "no-cache";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private static readonly (string Coding, string Suffix)[] Codings = [("br", ".br"), ("gzip", ".gz")];

    private readonly IFileProvider _files = Folder(environment);

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        // Endpoints (API, hub, health, /tls) answer for themselves; only GET and HEAD read files.
        if (context.GetEndpoint() is not null || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
        {
            return next(context);
        }
        if (request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }
        var path = request.Path.Value ?? "/";
        var file = Find(path);
        if (file is null) return next(context);
        return SendAsync(context, file.Value.Path, file.Value.Info);
    }

    /// <summary>The file for a request path: itself, or index.html for "/" and for extension-less client routes.</summary>
    private (string Path, IFileInfo Info)? Find(string path)
    {
        if (path.EndsWith('/')) path += Index;
        var info = _files.GetFileInfo(path);
        if (info.Exists && !info.IsDirectory && ContentTypes.TryGetContentType(path, out _)) return (path, info);
        var lastSegment = path[(path.LastIndexOf('/') + 1)..];
        if (lastSegment.Contains('.', StringComparison.Ordinal)) return null;
        var index = _files.GetFileInfo("/" + Index);
        return index.Exists ? ("/" + Index, index) : null;
    }

    private Task SendAsync(HttpContext context, string path, IFileInfo original)
    {
        ContentTypes.TryGetContentType(path, out var contentType);
        var headers = context.Response.Headers;
        var served = original;
        var variants = false;
        foreach (var (coding, suffix) in Codings)
        {
            var copy = _files.GetFileInfo(path + suffix);
            if (!copy.Exists) continue;
            variants = true;
            if (served == original && Accepts(context.Request, coding))
            {
                served = copy;
                headers.ContentEncoding = coding;
            }
        }
        if (variants) headers.Vary = HeaderNames.AcceptEncoding;
        headers.CacheControl = path.StartsWith(HashedFolder, StringComparison.Ordinal) ? Immutable : Revalidate;
        if (served.PhysicalPath is null) return next(context);
        var lastModified = served.LastModified;
        // Strong and per representation: the .br, the .gz and the file itself differ in length and time.
        var tag = new EntityTagHeaderValue($"\"{lastModified.UtcTicks:x}-{served.Length:x}\"");
        return TypedResults.PhysicalFile(served.PhysicalPath, contentType, lastModified: lastModified, entityTag: tag).ExecuteAsync(context);
    }

    /// <summary>True when Accept-Encoding names <paramref name="coding"/> (or *) with a non-zero quality.</summary>
    private static bool Accepts(HttpRequest request, string coding)
    {
        if (!StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var accepted)) return false;
        var named = accepted.FirstOrDefault(a => a.Value.Equals(coding, StringComparison.OrdinalIgnoreCase));
        named ??= accepted.FirstOrDefault(a => a.Value.Equals("*", StringComparison.Ordinal));
        return named is not null && (named.Quality ?? 1) > 0;
    }

    private static IFileProvider Folder(IWebHostEnvironment environment)
    {
        var folder = Path.Combine(environment.ContentRootPath, "client");
        return Directory.Exists(folder) ? new PhysicalFileProvider(folder) : new NullFileProvider();
    }
}

/// <summary>Wiring for <see cref="ClientAssets"/>.</summary>
public static class ClientAssetsSetup
{
    /// <summary>After authentication, before the endpoints: files for every GET that no endpoint takes.</summary>
    public static WebApplication UseClientAssets(this WebApplication app)
    {
        app.UseMiddleware<ClientAssets>();
        return app;
    }
}
