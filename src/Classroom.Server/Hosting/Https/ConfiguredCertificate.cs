using System.Security.Cryptography.X509Certificates;

namespace Classroom.Server.Hosting.Https;

/// <summary>The admin's PEM certificate and key, with the intermediates that follow it in the same file.</summary>
internal sealed class ConfiguredCertificate : IDisposable
{
    private ConfiguredCertificate(X509Certificate2 certificate, X509Certificate2Collection chain)
    {
        Certificate = certificate;
        Chain = chain;
    }

    /// <summary>The server certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The other certificates in the PEM file (intermediates), served after the server's own.</summary>
    public X509Certificate2Collection Chain { get; }

    /// <exception cref="InvalidOperationException">The key does not belong to the certificate, or the certificate cannot serve TLS.</exception>
    public static ConfiguredCertificate Load(string certificatePath, string keyPath)
    {
        var certificate = CertificateFiles.Usable(X509Certificate2.CreateFromPemFile(certificatePath, keyPath));
        if (!certificate.HasPrivateKey) throw new InvalidOperationException("the key does not belong to the certificate.");
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(certificatePath);
        var chain = new X509Certificate2Collection();
        foreach (var other in all)
        {
            if (other.Thumbprint != certificate.Thumbprint) chain.Add(other);
        }
        return new ConfiguredCertificate(certificate, chain);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var other in Chain) other.Dispose();
    }
}
