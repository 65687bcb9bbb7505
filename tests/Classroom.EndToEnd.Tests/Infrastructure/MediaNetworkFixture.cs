using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Playwright;

namespace Classroom.EndToEnd.Tests.Infrastructure;

/// <summary>
/// For media end-to-end tests: a <see cref="PrivateNetwork"/>, and Debian's Chromium driven by
/// Playwright running only inside that namespace. The server under test runs in the root namespace
/// on <see cref="PrivateNetwork.HostAddress"/>:<see cref="ServerPort"/>, the one origin the browser
/// treats as secure (plain http on a non-loopback address is not a secure context, and without one
/// there is no navigator.mediaDevices). Test classes join with
/// <c>[Collection(MediaNetworkFixture.CollectionName)]</c> and run one after another, so one server at a time
/// uses the port.
/// </summary>
public sealed class MediaNetworkFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The xunit collection of every test class that uses this fixture.</summary>
    public const string CollectionName = "Media network";

    /// <summary>The flags ENVIRONMENT-NOTES found to work for WebRTC in headless Chromium.</summary>
    public static readonly IReadOnlyList<string> ChromiumFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        "--disable-features=WebRtcHideLocalIpsWithMdns",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private PrivateNetwork? _network;
    private DirectoryInfo? _wrapperDirectory;

    public PrivateNetwork Network => _network ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>Chromium, running inside <see cref="Network"/>'s namespace.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The HTTP port <see cref="StartServerAsync"/> binds on the host address.</summary>
    public int ServerPort { get; private set; }

    /// <summary>Where the server started by <see cref="StartServerAsync"/> is, as seen from the browser and from the tests.</summary>
    public Uri ServerUrl => new($"http://{Network.HostAddress}:{ServerPort}/");

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), "Chromium is missing: run scripts/test.sh, which installs it.");
        try
        {
            _network = await PrivateNetwork.CreateAsync();
            // The address is this run's alone, so a port free on it now stays free for our servers.
            ServerPort = ServerProcess.FreePort(_network.HostAddress);
            _wrapperDirectory = Directory.CreateTempSubdirectory("clsr-chromium-");
            var wrapper = WriteWrapper(_wrapperDirectory.FullName, _network.NamespaceName);
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = wrapper,
                Headless = true,
                Args = [.. ChromiumFlags, $"--unsafely-treat-insecure-origin-as-secure={ServerUrl.GetLeftPart(UriPartial.Authority)}"],
            });
        }
        catch
        {
            // xunit does not dispose a fixture whose initialization threw; do not leak the namespace.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Another Chromium in the same namespace with more flags (e.g. two fake cameras:
    /// <c>--use-fake-device-for-media-stream=device-count=2</c>, which replaces the fixture's flag of
    /// that name). The server's plain-HTTP origin counts as secure in it, as in the fixture's browser.
    /// The caller disposes it.
    /// </summary>
    public Task<IBrowser> LaunchChromiumAsync(params string[] args) =>
        LaunchAsync([.. args, $"--unsafely-treat-insecure-origin-as-secure={ServerUrl.GetLeftPart(UriPartial.Authority)}"]);

    /// <summary>
    /// Another Chromium in the namespace that treats no plain-HTTP origin as secure, as a phone does
    /// (e.g. with <c>--ignore-certificate-errors-spki-list</c> for a server certificate known only once
    /// the server has made it). The caller disposes it.
    /// </summary>
    public Task<IBrowser> LaunchBrowserAsync(params string[] args) => LaunchAsync(args);

    /// <summary>
    /// Another Chromium in the namespace as a phone or PC of the school after the one documented
    /// certificate step: it trusts exactly <paramref name="server"/>'s own HTTPS certificate (by its
    /// public key, <see cref="TrustFlag"/>) and treats no plain-HTTP origin as secure. The caller disposes it.
    /// </summary>
    public Task<IBrowser> LaunchTrustingAsync(ServerProcess server, params string[] args) => LaunchAsync([TrustFlag(server), .. args]);

    /// <summary>
    /// The flag that plays the user's one "proceed" step: Chromium accepts a certificate with this
    /// SHA-256 of its public key (the server's self-made one, read from its data folder), and no other.
    /// </summary>
    public static string TrustFlag(ServerProcess server)
    {
        using var certificate = X509CertificateLoader.LoadCertificateFromFile(server.ServerCertificatePath);
        return $"--ignore-certificate-errors-spki-list={Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()))}";
    }

    private Task<IBrowser> LaunchAsync(string[] args)
    {
        if (_playwright is null || _wrapperDirectory is null) throw new InvalidOperationException("The fixture is not initialized.");
        var names = args.Select(a => a.Split('=')[0]).ToHashSet(StringComparer.Ordinal);
        return _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path.Combine(_wrapperDirectory.FullName, "chromium-in-netns"),
            Headless = true,
            Args = [.. ChromiumFlags.Where(f => !names.Contains(f.Split('=')[0])), .. args],
        });
    }

    /// <summary>
    /// Starts the real server bound to the host end of the veth (HTTP on <see cref="ServerPort"/>, UDP
    /// media on a free port, announced as the host address). Dispose it before starting the next.
    /// </summary>
    /// <param name="https">HTTPS on <see cref="ServerPort"/> with the server's own certificate (see <see cref="SecureServerUrl"/>).</param>
    /// <param name="settings">More configuration as environment variables (e.g. <c>Classroom__SchoolName</c>).</param>
    public Task<ServerProcess> StartServerAsync(
        string? dataDirectory = null, string? adminPassword = ServerProcess.AdminPassword, IReadOnlyDictionary<string, string>? settings = null,
        bool https = false) =>
        ServerProcess.StartAsync(dataDirectory, adminPassword, Network.HostAddress, ServerPort, https: https, settings: settings);

    /// <summary>The server started with <c>https: true</c>, as a phone on the school network opens it.</summary>
    public Uri SecureServerUrl => new($"https://{Network.HostAddress}:{ServerPort}/");

    /// <summary>
    /// An isolated context (own cookies and storage) with camera and microphone granted, and
    /// <see cref="ServerUrl"/> as base URL, so <c>page.GotoAsync("/")</c> opens the server.
    /// </summary>
    public Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null) => NewContextAsync(Browser, ServerUrl, options);

    /// <summary>
    /// An isolated context of <paramref name="browser"/> with camera and microphone granted and
    /// <paramref name="baseUrl"/> as base URL (e.g. <see cref="SecureServerUrl"/> in a <see cref="LaunchTrustingAsync"/> browser).
    /// </summary>
    public static Task<IBrowserContext> NewContextAsync(IBrowser browser, Uri baseUrl, BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions();
        options.BaseURL ??= baseUrl.ToString();
        options.Permissions = (options.Permissions ?? Enumerable.Empty<string>()).Union(["camera", "microphone"]).ToList();
        return browser.NewContextAsync(options);
    }

    /// <summary>
    /// Playwright starts this script instead of Chromium. `ip netns exec` keeps inherited file
    /// descriptors, so Playwright's --remote-debugging-pipe (fds 3 and 4) still reaches Chromium, and
    /// exec keeps Chromium in the process group Playwright kills on close.
    /// The script also merges every --disable-features into one: Chromium honours only the last one,
    /// so ours would otherwise silently drop the list Playwright passes before it (and vice versa).
    /// </summary>
    private static string WriteWrapper(string directory, string namespaceName)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("Network namespaces need Linux.");
        var path = Path.Combine(directory, "chromium-in-netns");
        File.WriteAllText(path, $$"""
            #!/bin/sh
            # Generated by MediaNetworkFixture: run Chromium only inside the test's own network namespace.
            features=""
            for arg do
              shift
              case "$arg" in
                --disable-features=*) features="${features:+$features,}${arg#--disable-features=}" ;;
                *) set -- "$@" "$arg" ;;
              esac
            done
            if [ -n "$features" ]; then set -- "$@" "--disable-features=$features"; fi
            exec '{{IpTool.Path}}' netns exec '{{namespaceName}}' '{{ChromiumPath}}' "$@"

            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    public async Task DisposeAsync()
    {
        // The browser goes first: the namespace is only really gone once no process is left inside.
        if (_browser is not null) await _browser.DisposeAsync();
        _browser = null;
        _playwright?.Dispose();
        _playwright = null;
        if (_network is not null) await _network.DisposeAsync();
        _network = null;
        try
        {
            _wrapperDirectory?.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
        _wrapperDirectory = null;
    }
}

/// <summary>Test classes that use the namespaced browser share one fixture and run one after another.</summary>
[CollectionDefinition(MediaNetworkFixture.CollectionName)]
public sealed class MediaNetworkCollectionDefinition : ICollectionFixture<MediaNetworkFixture>;
