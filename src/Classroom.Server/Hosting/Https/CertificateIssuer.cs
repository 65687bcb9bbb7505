using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Classroom.Server.Hosting.Https;

/// <summary>
/// Makes the school's own small certificate authority and the server certificates it signs, with
/// .NET's own <see cref="CertificateRequest"/>.
/// <para>
/// Why a CA and not one self-signed certificate: a phone or PC that installs the CA once (from the
/// /tls page) keeps trusting the server when the school's addresses change, because the server then
/// reissues only its certificate from the same CA. A self-signed certificate would have to be trusted
/// again, on every device, after every address change.
/// </para>
/// <para>
/// Why these parameters: RSA 2048 with SHA-256 is the one key type every phone, PC and browser a
/// school has accepts (old Android, Windows 7, Yandex Browser, Firefox ESR). The server certificate
/// lives 800 days, under the 825 days that iOS and macOS accept for any TLS server certificate,
/// starts a day early (phones with a wrong clock), names the machine only in subjectAltName (browsers
/// ignore the common name), is marked for serverAuth only and cannot sign certificates. The CA lives
/// ten years, may sign only end certificates (path length 0), and its key never leaves the data folder.
/// </para>
/// </summary>
public static class CertificateIssuer
{
    public static readonly TimeSpan AuthorityLifetime = TimeSpan.FromDays(3650);

    public static readonly TimeSpan ServerLifetime = TimeSpan.FromDays(800);

    /// <summary>How early the validity starts, for devices whose clock is behind.</summary>
    public static readonly TimeSpan Backdating = TimeSpan.FromDays(1);

    private const int RsaKeyBits = 2048;
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    public static RSA NewKey() => RSA.Create(RsaKeyBits);

    /// <summary>A new self-signed CA named after this machine and the day it was made.</summary>
    public static X509Certificate2 CreateAuthority(string machineName, DateTimeOffset now)
    {
        using var key = NewKey();
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("Classroom");
        subject.AddCommonName($"Classroom CA {Shorten(machineName, 32)} {now:yyyy-MM-dd}");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(now - Backdating, now + AuthorityLifetime);
    }

    /// <summary>A server certificate for <paramref name="names"/>, signed by <paramref name="authority"/>, with <paramref name="key"/>.</summary>
    public static X509Certificate2 IssueServer(X509Certificate2 authority, RSA key, MachineNames names, DateTimeOffset now)
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("Classroom");
        subject.AddCommonName(Shorten(names.DnsNames.Count > 0 ? names.DnsNames[0] : "classroom", 64));
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication)], critical: false));
        var alternativeNames = new SubjectAlternativeNameBuilder();
        foreach (var name in names.DnsNames) alternativeNames.AddDnsName(name);
        foreach (var address in names.Addresses) alternativeNames.AddIpAddress(address);
        request.CertificateExtensions.Add(alternativeNames.Build(critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));

        var notBefore = now - Backdating;
        var notAfter = now + ServerLifetime;
        if (notAfter > authority.NotAfter) notAfter = authority.NotAfter;
        using var issued = request.Create(authority, notBefore, notAfter, NewSerialNumber());
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>The DNS names and IP addresses in a certificate's subjectAltName.</summary>
    public static (IReadOnlyList<string> DnsNames, IReadOnlyList<IPAddress> Addresses) AlternativeNames(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (extension is null) return ([], []);
        return (extension.EnumerateDnsNames().ToList(), extension.EnumerateIPAddresses().ToList());
    }

    /// <summary>True when <paramref name="certificate"/> chains to <paramref name="authority"/> alone (nothing from the system store).</summary>
    public static bool IsIssuedBy(X509Certificate2 certificate, X509Certificate2 authority, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        return chain.Build(certificate);
    }

    /// <summary>SHA-256 of the whole certificate, as browsers show it (AB:CD:...).</summary>
    public static string Fingerprint(X509Certificate2 certificate) =>
        string.Join(':', certificate.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>
    /// Base64 SHA-256 of the certificate's SubjectPublicKeyInfo: what Chromium's
    /// <c>--ignore-certificate-errors-spki-list</c> takes (a kiosk display trusting exactly this server).
    /// </summary>
    public static string SpkiHash(X509Certificate2 certificate) =>
        Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));

    // Positive, 16 random bytes: unique without a counter to keep (RFC 5280 allows up to 20 octets).
    private static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        return serial;
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length];
}
