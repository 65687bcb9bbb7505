using System.Security.Cryptography.X509Certificates;

namespace Classroom.Server.Hosting.Https;

/// <summary>
/// The server's own CA and server certificate in <c>&lt;DataDirectory&gt;/tls/</c>: <c>ca.crt</c>,
/// <c>ca.key</c>, <c>server.crt</c>, <c>server.key</c>. Made on first use, reused across restarts,
/// and the server certificate reissued from the same CA (and with the same key) when one of the
/// machine's names or addresses is not covered any more, or when it nears its end.
/// <para>
/// The server key is kept on reissue so anything that trusts exactly this server's public key (a
/// kiosk display started with <c>--ignore-certificate-errors-spki-list</c>) keeps working when the
/// school's addresses change.
/// </para>
/// </summary>
public sealed class SelfMadeCertificates
{
    /// <summary>A server certificate with less than this left is reissued.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    private readonly string _folder;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private volatile X509Certificate2? _authority;
    private volatile X509Certificate2? _server;

    public SelfMadeCertificates(string folder, TimeProvider time)
    {
        _folder = folder;
        _time = time;
    }

    public string Folder => _folder;
    public string AuthorityPath => Path.Combine(_folder, "ca.crt");
    public string ServerPath => Path.Combine(_folder, "server.crt");
    private string AuthorityKeyPath => Path.Combine(_folder, "ca.key");
    private string ServerKeyPath => Path.Combine(_folder, "server.key");

    /// <summary>The CA (with its key), once <see cref="Ensure"/> has run.</summary>
    public X509Certificate2? Authority => _authority;

    /// <summary>The server certificate (with its key) that TLS handshakes get, once <see cref="Ensure"/> has run.</summary>
    public X509Certificate2? Server => _server;

    /// <summary>
    /// Loads or makes the CA and a server certificate that covers <paramref name="names"/>, and tells
    /// what it did. Safe to call again at any time (an address change, a daily check).
    /// </summary>
    public CertificateChange Ensure(MachineNames names)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var change = CertificateChange.None;
            var authority = _authority ?? CertificateFiles.TryLoad(AuthorityPath, AuthorityKeyPath);
            if (authority is null || !IsUsableAuthority(authority, now))
            {
                authority = NewAuthority(names, now);
                change = CertificateChange.NewAuthority;
            }
            _authority = authority;

            var server = _server ?? CertificateFiles.TryLoad(ServerPath, ServerKeyPath);
            if (change == CertificateChange.None && server is not null && IsCurrent(server, authority, names, now))
            {
                _server = server;
                return CertificateChange.None;
            }
            _server = Reissue(authority, names, now);
            return change == CertificateChange.None ? CertificateChange.NewServerCertificate : change;
        }
    }

    private static bool IsUsableAuthority(X509Certificate2 authority, DateTimeOffset now) =>
        authority.HasPrivateKey
        && authority.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority)
        && authority.NotAfter.ToUniversalTime() > (now + RenewBefore).UtcDateTime;

    private static bool IsCurrent(X509Certificate2 server, X509Certificate2 authority, MachineNames names, DateTimeOffset now)
    {
        if (!server.HasPrivateKey || server.NotAfter.ToUniversalTime() < (now + RenewBefore).UtcDateTime) return false;
        if (!CertificateIssuer.IsIssuedBy(server, authority, now)) return false;
        var (dnsNames, addresses) = CertificateIssuer.AlternativeNames(server);
        return names.AreCoveredBy(dnsNames, addresses);
    }

    private X509Certificate2 NewAuthority(MachineNames names, DateTimeOffset now)
    {
        CertificateFiles.EnsureFolder(_folder);
        var authority = CertificateIssuer.CreateAuthority(names.DnsNames.Count > 0 ? names.DnsNames[0] : "classroom", now);
        using (var key = authority.GetRSAPrivateKey()!)
        {
            CertificateFiles.WriteKey(AuthorityKeyPath, key);
        }
        CertificateFiles.WriteCertificate(AuthorityPath, authority);
        // Anything the old CA signed is of no use now.
        File.Delete(ServerPath);
        return CertificateFiles.Usable(authority);
    }

    private X509Certificate2 Reissue(X509Certificate2 authority, MachineNames names, DateTimeOffset now)
    {
        CertificateFiles.EnsureFolder(_folder);
        using var key = CertificateFiles.TryLoadKey(ServerKeyPath) ?? NewServerKey();
        var server = CertificateIssuer.IssueServer(authority, key, names, now);
        CertificateFiles.WriteCertificate(ServerPath, server);
        return CertificateFiles.Usable(server);
    }

    private System.Security.Cryptography.RSA NewServerKey()
    {
        var key = CertificateIssuer.NewKey();
        CertificateFiles.WriteKey(ServerKeyPath, key);
        return key;
    }
}

/// <summary>What <see cref="SelfMadeCertificates.Ensure"/> did.</summary>
public enum CertificateChange
{
    /// <summary>The certificates on disk were current and are used as they are.</summary>
    None,

    /// <summary>The server certificate was (re)issued from the existing CA.</summary>
    NewServerCertificate,

    /// <summary>A new CA was made (first start, or the old one was unusable), and a server certificate from it.</summary>
    NewAuthority,
}
