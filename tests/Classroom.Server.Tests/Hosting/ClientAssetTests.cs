using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Classroom.Server.Tests.Infrastructure;

namespace Classroom.Server.Tests.Hosting;

/// <summary>
/// The built web client as the real server sends it: Brotli or gzip when accepted, the same bytes
/// plain when not, hashed assets cacheable for a year, the HTML revalidated on every load.
/// </summary>
public sealed partial class ClientAssetTests : HostedTest
{
    // No automatic decompression: the test sees exactly the bytes and headers on the wire.
    private HttpClient NewClient() => new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = Host.BaseAddress };

    private async Task<string> ScriptPathAsync()
    {
        using var http = NewClient();
        var html = await http.GetStringAsync("/");
        return ScriptTag().Match(html).Groups[1].Value;
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task A_hashed_asset_comes_compressed_when_accepted_and_decompresses_to_the_plain_bytes(string coding)
    {
        var script = await ScriptPathAsync();
        Assert.StartsWith("/assets/", script, StringComparison.Ordinal);
        using var http = NewClient();

        using var plainRequest = new HttpRequestMessage(HttpMethod.Get, script);
        var plain = await http.SendAsync(plainRequest);
        using var compressedRequest = new HttpRequestMessage(HttpMethod.Get, script);
        compressedRequest.Headers.AcceptEncoding.ParseAdd(coding);
        var compressed = await http.SendAsync(compressedRequest);

        Assert.Equal(HttpStatusCode.OK, compressed.StatusCode);
        Assert.Equal([coding], compressed.Content.Headers.ContentEncoding);
        Assert.Equal("text/javascript", compressed.Content.Headers.ContentType?.MediaType);
        var plainBytes = await plain.Content.ReadAsByteArrayAsync();
        var wireBytes = await compressed.Content.ReadAsByteArrayAsync();
        Assert.True(wireBytes.Length * 3 < plainBytes.Length, $"{coding}: {wireBytes.Length} of {plainBytes.Length} bytes");
        Assert.Equal(plainBytes, Decompress(coding, wireBytes));
        foreach (var response in new[] { plain, compressed })
        {
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
            Assert.Contains("Accept-Encoding", response.Headers.Vary);
            Assert.NotNull(response.Headers.ETag);
        }
        Assert.NotEqual(plain.Headers.ETag, compressed.Headers.ETag);
    }

    [Fact]
    public async Task A_client_that_accepts_no_compression_gets_every_file_plain_and_the_page_works()
    {
        using var http = NewClient();
        var page = await http.GetAsync("/");
        Assert.Empty(page.Content.Headers.ContentEncoding);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<div id=\"app\"", html, StringComparison.Ordinal);
        var assets = AssetReference().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(assets, a => a.EndsWith(".js", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.EndsWith(".css", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            var response = await http.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Empty(response.Content.Headers.ContentEncoding);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(text.Length > 1000 && !text.Contains('\0', StringComparison.Ordinal), $"{asset} is not plain text");
        }

        // Accept-Encoding with quality 0 means "not this one".
        using var refused = new HttpRequestMessage(HttpMethod.Get, assets[0]);
        refused.Headers.AcceptEncoding.ParseAdd("br;q=0, gzip;q=0");
        Assert.Empty((await http.SendAsync(refused)).Content.Headers.ContentEncoding);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/j/K7M2-PQ9R-XT")]
    [InlineData("/index.html")]
    public async Task The_page_is_never_taken_from_cache_without_asking_and_an_unchanged_one_costs_a_304(string path)
    {
        using var http = NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.ParseAdd("br, gzip");
        var page = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.True(page.Headers.CacheControl?.NoCache, page.Headers.CacheControl?.ToString());
        Assert.Null(page.Headers.CacheControl?.MaxAge);
        Assert.Contains("Accept-Encoding", page.Headers.Vary);
        var tag = page.Headers.ETag;
        Assert.NotNull(tag);

        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.AcceptEncoding.ParseAdd("br, gzip");
        again.Headers.IfNoneMatch.Add(tag);
        var revalidated = await http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Missing_assets_and_the_precompressed_copies_themselves_are_not_found()
    {
        var script = await ScriptPathAsync();
        using var http = NewClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/assets/missing-0000.js")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(script + ".br")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/../appsettings.json")).StatusCode);
    }

    private static byte[] Decompress(string coding, byte[] bytes)
    {
        using var input = new MemoryStream(bytes);
        using Stream decoder = coding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    [GeneratedRegex("<script[^>]+src=\"([^\"]+)\"")]
    private static partial Regex ScriptTag();

    [GeneratedRegex("(?:src|href)=\"(/assets/[^\"]+)\"")]
    private static partial Regex AssetReference();
}
