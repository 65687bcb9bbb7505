using System.ComponentModel.DataAnnotations;

namespace Classroom.Server.Hosting.Https;

/// <summary>
/// How the server gets its HTTPS certificate, section <c>Classroom:Https</c>. In order of preference:
/// PEM files the admin names; otherwise a certificate the server makes itself (kept in
/// <c>&lt;DataDirectory&gt;/tls/</c>); or, behind a reverse proxy, none at all (the proxy holds it).
/// </summary>
public sealed class HttpsOptions
{
    public const string Section = "Classroom:Https";

    /// <summary>PEM certificate (the server's first, then its intermediates: the whole chain is served).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private key of <see cref="CertificatePath"/> (PKCS#8, PKCS#1 or SEC1, unencrypted).</summary>
    public string? KeyPath { get; set; }

    /// <summary>
    /// Behind a reverse proxy on this machine (Caddy, nginx): the server listens on plain HTTP, trusts
    /// <c>X-Forwarded-Proto</c>/<c>X-Forwarded-For</c> from loopback only, makes no certificate of its own,
    /// and sends HSTS on the requests the proxy received over HTTPS.
    /// </summary>
    public bool BehindProxy { get; set; }

    /// <summary>
    /// More names or addresses the self-made certificate must cover, beyond the ones the server finds
    /// itself (host name, host name.local, localhost, every LAN address): e.g. a name the school's
    /// DNS gives the server, or a public address forwarded to it.
    /// </summary>
    public string[] HostNames { get; set; } = [];

    /// <summary>HSTS max-age, in days, sent where a real certificate is used (configured or proxy); 0 sends none.</summary>
    [Range(0, 3650)]
    public int HstsMaxAgeDays { get; set; } = 365;

    /// <summary>Which of the three ways is in force.</summary>
    public CertificateSource Source =>
        BehindProxy ? CertificateSource.Proxy
        : !string.IsNullOrWhiteSpace(CertificatePath) || !string.IsNullOrWhiteSpace(KeyPath) ? CertificateSource.Configured
        : CertificateSource.SelfMade;
}

/// <summary>Where the certificate that browsers see comes from.</summary>
public enum CertificateSource
{
    /// <summary>Made by the server from its own small CA in the data folder: browsers ask once to proceed.</summary>
    SelfMade,

    /// <summary>PEM files the admin configured (a public CA's, or the school's own).</summary>
    Configured,

    /// <summary>A reverse proxy in front terminates TLS; the server speaks plain HTTP on loopback.</summary>
    Proxy,
}
