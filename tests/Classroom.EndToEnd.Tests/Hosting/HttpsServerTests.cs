using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Classroom.EndToEnd.Tests.Infrastructure;

namespace Classroom.EndToEnd.Tests.Hosting;

/// <summary>
/// The real server process over HTTPS as a school starts it: its own certificate made on first start
/// and kept, plain HTTP leading to the explanation page or to HTTPS, API calls over plain HTTP
/// refused, the admin's PEM files preferred, and a bad path stopping the server with a clear message.
/// </summary>
public sealed class HttpsServerTests
{
    [Fact]
    public async Task The_first_start_makes_a_certificate_that_a_device_trusting_the_school_CA_accepts_and_a_restart_keeps_it()
    {
        var data = Directory.CreateTempSubdirectory("classroom-https-").FullName;
        try
        {
            string fingerprint;
            await using (var server = await ServerProcess.StartAsync(data, https: true))
            {
                Assert.Equal("https", server.BaseAddress.Scheme);
                // Trusts the server's CA alone and checks the name (127.0.0.1), as a phone that installed it.
                using var http = server.NewHttpClient();
                Assert.Equal("Healthy", await http.GetStringAsync("health"));
                var page = await http.GetAsync("/");
                Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);

                using var served = X509CertificateLoader.LoadCertificateFromFile(server.ServerCertificatePath);
                fingerprint = Fingerprint(served);
                Assert.Contains(fingerprint, server.Log, StringComparison.Ordinal);
                Assert.Contains($"{server.PlainAddress}tls", server.Log, StringComparison.Ordinal);
                Assert.Contains("Created the server's own certificate authority", server.Log, StringComparison.Ordinal);
            }

            await using var again = await ServerProcess.StartAsync(data, https: true);
            using var presented = await PresentedCertificateAsync(again.BaseAddress);
            Assert.Equal(fingerprint, Fingerprint(presented));
            Assert.DoesNotContain("Created the server's own certificate authority", again.Log, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_new_address_on_the_machine_gets_a_reissued_certificate_while_the_server_runs_with_the_same_CA_and_key()
    {
        await using var server = await ServerProcess.StartAsync(https: true);
        using var before = await PresentedCertificateAsync(server.BaseAddress);

        // A new network comes up on the machine (as a new DHCP lease or a second card would).
        await using var network = await PrivateNetwork.CreateAsync();
        var address = network.HostAddress.ToString();
        Assert.False(before.MatchesHostname(address));

        // Each certificate read that is not the new one yet is disposed when the next is read.
        X509Certificate2? presented = null;
        var after = await Eventually.ValueAsync(
            async () =>
            {
                presented?.Dispose();
                return presented = await PresentedCertificateAsync(server.BaseAddress);
            },
            certificate => certificate.MatchesHostname(address),
            $"no certificate for {address}",
            _ => server.Log,
            TimeSpan.FromMinutes(1));

        using var authority = X509CertificateLoader.LoadCertificateFromFile(server.CertificateAuthorityPath);
        Assert.True(ServerProcess.IsTrusted(after, authority, System.Net.Security.SslPolicyErrors.None));
        Assert.Equal(before.PublicKey.EncodedKeyValue.RawData, after.PublicKey.EncodedKeyValue.RawData);
        Assert.Contains("Reissued the server certificate", server.Log, StringComparison.Ordinal);
        after.Dispose();
    }

    [Fact]
    public async Task Plain_http_leads_a_first_visit_to_the_explanation_page_a_returning_one_to_https_and_refuses_api_calls()
    {
        await using var server = await ServerProcess.StartAsync(https: true);
        var plain = server.PlainAddress!;
        using var browserLike = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = plain };

        var first = await browserLike.GetAsync("/j/K7M2-PQ9R-XT?x=1");
        Assert.Equal(HttpStatusCode.Found, first.StatusCode);
        Assert.Equal("/tls?next=%2Fj%2FK7M2-PQ9R-XT%3Fx%3D1", first.Headers.Location?.OriginalString);

        var tls = await browserLike.GetAsync(first.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, tls.StatusCode);
        var html = await tls.Content.ReadAsStringAsync();
        using var certificate = X509CertificateLoader.LoadCertificateFromFile(server.ServerCertificatePath);
        using var authority = X509CertificateLoader.LoadCertificateFromFile(server.CertificateAuthorityPath);
        Assert.Contains(Fingerprint(certificate), html, StringComparison.Ordinal);
        Assert.Contains(Fingerprint(authority), html, StringComparison.Ordinal);
        Assert.Contains($"href=\"https://127.0.0.1:{server.BaseAddress.Port}/j/K7M2-PQ9R-XT?x=1\"", html, StringComparison.Ordinal);
        Assert.Contains("Перейти на сайт", html, StringComparison.Ordinal);
        Assert.Contains("Proceed to", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        var download = await browserLike.GetAsync("/tls/classroom-ca.crt");
        Assert.Equal("application/x-x509-ca-cert", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(authority.RawData, await download.Content.ReadAsByteArrayAsync());

        // Over HTTPS the page load marks the browser as one that has proceeded; no HSTS with this certificate.
        using var secure = server.NewHttpClient();
        using var load = new HttpRequestMessage(HttpMethod.Get, "/");
        load.Headers.Accept.ParseAdd("text/html");
        var secureLoad = await secure.SendAsync(load);
        Assert.False(secureLoad.Headers.Contains("Strict-Transport-Security"));
        var visited = secureLoad.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("classroom.https=", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", visited, StringComparison.OrdinalIgnoreCase);

        using var returning = new HttpRequestMessage(HttpMethod.Get, "/j/K7M2-PQ9R-XT");
        returning.Headers.Add("Cookie", visited.Split(';')[0]);
        var redirected = await browserLike.SendAsync(returning);
        Assert.Equal(HttpStatusCode.Found, redirected.StatusCode);
        Assert.Equal(new Uri(server.BaseAddress, "/j/K7M2-PQ9R-XT"), redirected.Headers.Location);

        // API and hub calls over plain HTTP would carry the password and the session in clear: refused, with a code.
        foreach (var call in new[]
        {
            new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { userName = "admin", password = ServerProcess.AdminPassword }) },
            new HttpRequestMessage(HttpMethod.Get, "/api/cabinets"),
            new HttpRequestMessage(HttpMethod.Post, "/hubs/classroom/negotiate?negotiateVersion=1"),
        })
        {
            var refused = await browserLike.SendAsync(call);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Equal("https_required", problem.RootElement.GetProperty("code").GetString());
            Assert.False(refused.Headers.Contains("Set-Cookie"));
        }
        Assert.Equal(HttpStatusCode.OK, (await browserLike.GetAsync("/health")).StatusCode);

        // Over HTTPS the same login works and its cookie is Secure.
        var login = await secure.PostAsJsonAsync("api/auth/login", new { userName = "admin", password = ServerProcess.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var auth = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("classroom.auth=", StringComparison.Ordinal));
        Assert.Contains("; secure", auth, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Configured_PEM_files_are_served_with_their_chain_before_the_self_made_certificate_with_HSTS_and_a_permanent_redirect()
    {
        using var pem = TestCertificates.Create();
        var data = Directory.CreateTempSubdirectory("classroom-pem-data-").FullName;
        try
        {
            // A server that already made its own certificate...
            await using (await ServerProcess.StartAsync(data, https: true))
            {
            }
            Assert.True(File.Exists(Path.Combine(data, "tls", "server.crt")));

            // ...serves the admin's once they are configured.
            await using var server = await ServerProcess.StartAsync(data, https: true, settings: new Dictionary<string, string>
            {
                ["Classroom__Https__CertificatePath"] = pem.CertificatePath,
                ["Classroom__Https__KeyPath"] = pem.KeyPath,
            });
            X509Certificate2? presented = null;
            var sentIntermediates = new X509Certificate2Collection();
            var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                presented = new X509Certificate2(certificate!);
                sentIntermediates.AddRange(chain!.ChainPolicy.ExtraStore);
                return ServerProcess.IsTrusted(presented, pem.Root, errors, chain);
            };
            using var http = new HttpClient(handler) { BaseAddress = server.BaseAddress };
            var health = await http.GetAsync("health");

            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(pem.Server.Thumbprint, presented!.Thumbprint);
            // The intermediate came from the server (it is in no store here): the chain in the PEM is served.
            Assert.Contains(sentIntermediates.Cast<X509Certificate2>(), c => c.Thumbprint == pem.Intermediate.Thumbprint);
            Assert.Equal("max-age=31536000", string.Join(",", health.Headers.GetValues("Strict-Transport-Security")));

            using var plain = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = server.PlainAddress };
            var redirect = await plain.GetAsync("/j/ABC?x=1");
            Assert.Equal(HttpStatusCode.PermanentRedirect, redirect.StatusCode);
            Assert.Equal(new Uri(server.BaseAddress, "/j/ABC?x=1"), redirect.Headers.Location);
            Assert.Contains("configured certificate CN=classroom.test", server.Log, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData("missing-cert")]
    [InlineData("missing-key")]
    [InlineData("key-of-another-certificate")]
    public async Task A_bad_certificate_setting_stops_the_server_with_a_message_that_names_it(string fault)
    {
        using var pem = TestCertificates.Create();
        using var other = TestCertificates.Create();
        var (certificate, key, expected) = fault switch
        {
            "missing-cert" => (Path.Combine(pem.Folder, "nope.pem"), pem.KeyPath, $"Classroom:Https:CertificatePath: the file '{Path.Combine(pem.Folder, "nope.pem")}' does not exist"),
            "missing-key" => (pem.CertificatePath, Path.Combine(pem.Folder, "nope.key"), $"Classroom:Https:KeyPath: the file '{Path.Combine(pem.Folder, "nope.key")}' does not exist"),
            _ => (pem.CertificatePath, other.KeyPath, $"Classroom:Https: cannot use '{pem.CertificatePath}' with the key '{other.KeyPath}'"),
        };
        await using var server = await ServerProcess.StartAsync(https: true, waitHealthy: false, settings: new Dictionary<string, string>
        {
            ["Classroom__Https__CertificatePath"] = certificate,
            ["Classroom__Https__KeyPath"] = key,
        });

        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains(expected, server.Log, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "tls", "server.crt")), "no self-made certificate instead of the configured one");
    }

    private static async Task<X509Certificate2> PresentedCertificateAsync(Uri address)
    {
        X509Certificate2? presented = null;
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            presented = certificate is null ? null : new X509Certificate2(certificate);
            // Only read here: the test compares it with the file.
            return presented is not null;
        };
        using var http = new HttpClient(handler) { BaseAddress = address };
        await http.GetAsync("health");
        return presented!;
    }

    private static string Fingerprint(X509Certificate2 certificate) =>
        string.Join(':', certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
}
