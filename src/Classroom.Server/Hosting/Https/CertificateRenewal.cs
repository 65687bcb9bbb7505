using System.Net;
using System.Net.NetworkInformation;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Classroom.Server.Hosting.Https;

/// <summary>
/// Once the server listens: logs the addresses a phone on the school network can open and the
/// certificate's fingerprint. Then keeps the self-made certificate current: when the machine gets an
/// address the certificate does not cover (a new DHCP lease, a second network card), and twice a day
/// for its expiry, it is reissued from the same CA, and the next handshake gets the new one.
/// </summary>
internal sealed class CertificateRenewal(
    ServerCertificates certificates, IServer server, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<CertificateRenewal> logger) : BackgroundService
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromHours(12);

    // Address changes come in bursts (an interface going up brings IPv4 and IPv6 together).
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await StartedAsync(stoppingToken)) return;
        Announce();
        if (!certificates.SelfMadeInUse) return;

        var changed = new SemaphoreSlim(0, 1);
        void OnChange(object? sender, EventArgs e)
        {
            try
            {
                changed.Release();
            }
            catch (SemaphoreFullException)
            {
                // A check is already due.
            }
        }
        NetworkChange.NetworkAddressChanged += OnChange;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                wait.CancelAfter(CheckInterval);
                try
                {
                    await changed.WaitAsync(wait.Token);
                    await Task.Delay(Settle, time, stoppingToken);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The periodic check.
                }
                Check();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            NetworkChange.NetworkAddressChanged -= OnChange;
        }
    }

    private void Check()
    {
        try
        {
            var names = certificates.CurrentNames();
            var change = certificates.SelfMade.Ensure(names);
            if (change != CertificateChange.None && certificates.SelfMade.Server is { } server)
            {
                Log.CertificateReissued(logger, names.ToString(), CertificateIssuer.Fingerprint(server));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            // The current certificate keeps serving; the next check tries again.
            Log.CertificateRenewalFailed(logger, e);
        }
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var onStarted = lifetime.ApplicationStarted.Register(started.SetResult);
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled());
        try
        {
            await started.Task;
            return true;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private void Announce()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var urls = PhoneUrls(addresses).ToList();
        if (urls.Count > 0) Log.OpenOnDevices(logger, string.Join("  ", urls));
        switch (certificates.Source)
        {
            case CertificateSource.SelfMade when certificates.SelfMadeInUse && certificates.SelfMade.Server is { } selfMade:
                if (certificates.FirstChange == CertificateChange.NewAuthority) Log.AuthorityCreated(logger, certificates.SelfMade.Folder);
                Log.SelfMadeCertificate(logger, CertificateIssuer.Fingerprint(selfMade), CertificateIssuer.Fingerprint(certificates.SelfMade.Authority!),
                    certificates.SelfMade.Folder, urls.Count > 0 ? PlainTlsUrl(addresses, urls[0]) : TlsPage.Path);
                break;
            case CertificateSource.Configured when certificates.Current is { } configured:
                Log.ConfiguredCertificate(logger, configured.Subject, CertificateIssuer.Fingerprint(configured), configured.NotAfter);
                break;
            case CertificateSource.Proxy:
                Log.BehindProxy(logger);
                break;
            default:
                break;
        }
    }

    /// <summary>The HTTPS addresses to type on a device of the school network: wildcard bindings expand to each LAN address.</summary>
    private static IEnumerable<string> PhoneUrls(IEnumerable<string> bound)
    {
        var list = bound.ToList();
        var secure = list.Where(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var address in secure.Count > 0 ? secure : list)
        {
            var binding = BindingAddress.Parse(address);
            var port = binding.Port == (binding.Scheme == "https" ? 443 : 80) ? string.Empty : $":{binding.Port}";
            if (IPAddress.TryParse(binding.Host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)))
            {
                foreach (var lan in MachineNames.LanAddresses())
                {
                    var host = lan.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{lan}]" : lan.ToString();
                    yield return $"{binding.Scheme}://{host}{port}/";
                }
            }
            else
            {
                yield return $"{binding.Scheme}://{binding.Host}{port}/";
            }
        }
    }

    /// <summary>The /tls page on the plain-HTTP port if there is one (reachable before the certificate is accepted), else over HTTPS.</summary>
    private static string PlainTlsUrl(IEnumerable<string> bound, string firstHttpsUrl)
    {
        var uri = new Uri(firstHttpsUrl);
        var plain = bound.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase));
        if (plain is null) return new Uri(uri, TlsPage.Path).ToString();
        var port = BindingAddress.Parse(plain).Port;
        return $"http://{uri.Host}{(port == 80 ? string.Empty : $":{port}")}{TlsPage.Path}";
    }
}
