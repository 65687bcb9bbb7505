using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Hosting.Https;

/// <summary>
/// Checks the certificate settings at start, so a wrong path or a key that does not match stops the
/// server with a message that names the setting, instead of failing on the first browser's handshake.
/// </summary>
internal sealed class HttpsOptionsValidation : IValidateOptions<HttpsOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpsOptions options)
    {
        var failures = new List<string>();
        var certificate = options.CertificatePath;
        var key = options.KeyPath;
        if (options.Source == CertificateSource.Configured)
        {
            if (string.IsNullOrWhiteSpace(certificate) || string.IsNullOrWhiteSpace(key))
            {
                failures.Add($"{HttpsOptions.Section}:CertificatePath and {HttpsOptions.Section}:KeyPath go together: set both PEM files, or neither for the server's own certificate.");
            }
            else if (!File.Exists(certificate))
            {
                failures.Add($"{HttpsOptions.Section}:CertificatePath: the file '{Path.GetFullPath(certificate)}' does not exist.");
            }
            else if (!File.Exists(key))
            {
                failures.Add($"{HttpsOptions.Section}:KeyPath: the file '{Path.GetFullPath(key)}' does not exist.");
            }
            else
            {
                try
                {
                    using var loaded = ConfiguredCertificate.Load(certificate, key);
                }
                catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException)
                {
                    failures.Add($"{HttpsOptions.Section}: cannot use '{certificate}' with the key '{key}': {e.Message}");
                }
            }
        }
        if (options.BehindProxy && (!string.IsNullOrWhiteSpace(certificate) || !string.IsNullOrWhiteSpace(key)))
        {
            failures.Add($"{HttpsOptions.Section}:BehindProxy: the proxy holds the certificate; remove CertificatePath and KeyPath.");
        }
        foreach (var hostName in options.HostNames)
        {
            if (!MachineNames.IsUsableName(hostName) && !System.Net.IPAddress.TryParse(hostName, out _))
            {
                failures.Add($"{HttpsOptions.Section}:HostNames: '{hostName}' is neither a host name nor an IP address.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
