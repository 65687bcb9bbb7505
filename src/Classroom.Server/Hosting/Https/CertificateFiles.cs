using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Classroom.Server.Hosting.Https;

/// <summary>
/// PEM files of the self-made certificates. Private keys are written 0600 in a 0700 folder (only the
/// server's own user reads them), each file replaced whole (write beside, then rename) so a crash
/// never leaves half a key.
/// </summary>
internal static class CertificateFiles
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerFolder = OwnerReadWrite | UnixFileMode.UserExecute;
    private const UnixFileMode Public = OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static void EnsureFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }
        Directory.CreateDirectory(folder, OwnerFolder);
        File.SetUnixFileMode(folder, OwnerFolder);
    }

    public static void WriteCertificate(string path, X509Certificate2 certificate) =>
        WriteAtomically(path, certificate.ExportCertificatePem() + "\n", Public);

    public static void WriteKey(string path, RSA key) =>
        WriteAtomically(path, key.ExportPkcs8PrivateKeyPem() + "\n", OwnerReadWrite);

    /// <summary>The certificate in <paramref name="certificatePath"/> with the private key of <paramref name="keyPath"/>; null if either is missing or unreadable.</summary>
    public static X509Certificate2? TryLoad(string certificatePath, string keyPath)
    {
        if (!File.Exists(certificatePath) || !File.Exists(keyPath)) return null;
        try
        {
            return Usable(X509Certificate2.CreateFromPemFile(certificatePath, keyPath));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The RSA key in a PEM file; null if it is missing or unreadable.</summary>
    public static RSA? TryLoadKey(string keyPath)
    {
        if (!File.Exists(keyPath)) return null;
        var key = RSA.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(keyPath));
            return key;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            return null;
        }
    }

    /// <summary>
    /// A certificate whose key TLS can use on every platform: Windows' TLS stack refuses ephemeral
    /// keys, so the pair goes through PKCS#12 once (harmless on Linux).
    /// </summary>
    public static X509Certificate2 Usable(X509Certificate2 certificate)
    {
        if (!OperatingSystem.IsWindows()) return certificate;
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
        }
    }

    private static void WriteAtomically(string path, string text, UnixFileMode mode)
    {
        var temporary = path + ".new";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = mode;
        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(text));
            stream.Flush(flushToDisk: true);
        }
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, mode);
        File.Move(temporary, path, overwrite: true);
    }
}
