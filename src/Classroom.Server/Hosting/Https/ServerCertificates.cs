using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Hosting.Https;

/// <summary>
/// The certificate in force, whichever way it comes: gives Kestrel what every <c>https://</c>
/// endpoint serves, and the /tls page and the start-up log what to show.
/// </summary>
public sealed class ServerCertificates : IDisposable
{
    private readonly HttpsOptions _options;
    private readonly Lazy<ConfiguredCertificate?> _configured;

    public ServerCertificates(IOptions<HttpsOptions> options, IOptions<ClassroomOptions> classroom, TimeProvider time)
    {
        _options = options.Value;
        SelfMade = new SelfMadeCertificates(Path.Combine(classroom.Value.DataDirectory, "tls"), time);
        _configured = new Lazy<ConfiguredCertificate?>(() => Source == CertificateSource.Configured
            ? ConfiguredCertificate.Load(_options.CertificatePath!, _options.KeyPath!)
            : null);
    }

    public CertificateSource Source => _options.Source;

    public SelfMadeCertificates SelfMade { get; }

    /// <summary>True once an https:// endpoint asked for the self-made certificate (a plain-HTTP server never makes one).</summary>
    public bool SelfMadeInUse { get; private set; }

    /// <summary>What the first use of the self-made certificates did (made a CA, reissued, or reused them).</summary>
    public CertificateChange FirstChange { get; private set; }

    /// <summary>HSTS goes only with a certificate browsers trust without asking: with the self-made one it would take away their "proceed" button.</summary>
    public bool SendsHsts => Source != CertificateSource.SelfMade && _options.HstsMaxAgeDays > 0;

    public int HstsMaxAgeSeconds => _options.HstsMaxAgeDays * 24 * 60 * 60;

    /// <summary>The names and addresses the self-made certificate must cover now.</summary>
    public MachineNames CurrentNames() => MachineNames.Discover(_options.HostNames);

    /// <summary>The certificate browsers see right now, if the server serves TLS itself.</summary>
    public X509Certificate2? Current => Source switch
    {
        CertificateSource.Configured => _configured.Value?.Certificate,
        CertificateSource.SelfMade when SelfMadeInUse => SelfMade.Server,
        _ => null,
    };

    /// <summary>Called by Kestrel for each https:// endpoint (from Urls, --urls or code).</summary>
    public void ConfigureEndpoint(HttpsConnectionAdapterOptions https)
    {
        switch (Source)
        {
            case CertificateSource.Configured:
                var configured = _configured.Value!;
                https.ServerCertificate = configured.Certificate;
                https.ServerCertificateChain = configured.Chain;
                break;
            case CertificateSource.SelfMade:
                if (!SelfMadeInUse)
                {
                    FirstChange = SelfMade.Ensure(CurrentNames());
                    SelfMadeInUse = true;
                }
                // Looked up per handshake, so a certificate reissued for a new address is served at once.
                https.ServerCertificateSelector = (_, _) => SelfMade.Server;
                break;
            default:
                throw new InvalidOperationException(
                    $"{HttpsOptions.Section}:BehindProxy is set, so the proxy holds the certificate: listen on plain http:// (e.g. Urls=http://127.0.0.1:5000), not https://.");
        }
    }

    public void Dispose()
    {
        if (_configured.IsValueCreated) _configured.Value?.Dispose();
    }
}
