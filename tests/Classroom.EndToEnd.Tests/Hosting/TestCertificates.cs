using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Classroom.EndToEnd.Tests.Hosting;

/// <summary>
/// A public-CA-like chain made by the test itself (root → intermediate → server for 127.0.0.1 and
/// localhost), written as the PEM files an admin would configure: the server certificate followed by
/// the intermediate in one file, the key in another.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private TestCertificates(string folder, X509Certificate2 root, X509Certificate2 intermediate, X509Certificate2 server)
    {
        Folder = folder;
        Root = root;
        Intermediate = intermediate;
        Server = server;
    }

    public string Folder { get; }
    public X509Certificate2 Root { get; }
    public X509Certificate2 Intermediate { get; }
    public X509Certificate2 Server { get; }
    public string CertificatePath => Path.Combine(Folder, "fullchain.pem");
    public string KeyPath => Path.Combine(Folder, "privkey.pem");

    public static TestCertificates Create()
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Test Root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        var root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var intermediateRequest = new CertificateRequest("CN=Test Intermediate", intermediateKey, HashAlgorithmName.SHA256);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        intermediateRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        intermediateRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(intermediateRequest.PublicKey, false));
        intermediateRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        using var intermediatePublic = intermediateRequest.Create(root, now.AddDays(-1), now.AddDays(20), [1, 2, 3, 4]);
        var intermediate = intermediatePublic.CopyWithPrivateKey(intermediateKey);

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=classroom.test", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(intermediate, true, false));
        using var serverPublic = serverRequest.Create(intermediate, now.AddDays(-1), now.AddDays(10), [5, 6, 7, 8]);
        var server = serverPublic.CopyWithPrivateKey(serverKey);

        var folder = Directory.CreateTempSubdirectory("classroom-pem-").FullName;
        var certificates = new TestCertificates(folder, root, intermediate, server);
        File.WriteAllText(certificates.CertificatePath, server.ExportCertificatePem() + "\n" + intermediate.ExportCertificatePem() + "\n");
        File.WriteAllText(certificates.KeyPath, serverKey.ExportPkcs8PrivateKeyPem() + "\n");
        return certificates;
    }

    public void Dispose()
    {
        Root.Dispose();
        Intermediate.Dispose();
        Server.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
