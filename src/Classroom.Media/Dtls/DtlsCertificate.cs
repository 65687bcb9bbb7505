using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Classroom.Media.Dtls;

// RFC 8827 §6.5 and RFC 8122 §5: WebRTC peers use self-signed certificates and authenticate each
// other by the SHA-256 fingerprint carried in SDP (a=fingerprint:sha-256 AB:CD:...).

/// <summary>A self-signed ECDSA P-256 certificate, made once per server start, and its SDP fingerprint.</summary>
public sealed class DtlsCertificate
{
    private DtlsCertificate(X509Certificate certificate, AsymmetricKeyParameter privateKey)
    {
        Certificate = certificate;
        PrivateKey = privateKey;
        Der = certificate.GetEncoded();
        Fingerprint = FingerprintOf(Der);
    }

    public X509Certificate Certificate { get; }
    public AsymmetricKeyParameter PrivateKey { get; }
    public byte[] Der { get; }

    /// <summary>"AB:CD:..." as in <c>a=fingerprint:sha-256</c>.</summary>
    public string Fingerprint { get; }

    public static DtlsCertificate CreateSelfSigned(string commonName = "classroom")
    {
        var random = new SecureRandom();
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(Org.BouncyCastle.Asn1.X9.X9ObjectIdentifiers.Prime256v1, random));
        var keys = generator.GenerateKeyPair();
        var name = new X509Name($"CN={commonName}");
        var builder = new X509V3CertificateGenerator();
        builder.SetSerialNumber(new BigInteger(64, random).Add(BigInteger.One));
        builder.SetIssuerDN(name);
        builder.SetSubjectDN(name);
        builder.SetNotBefore(DateTime.UtcNow.AddDays(-1));
        builder.SetNotAfter(DateTime.UtcNow.AddDays(30));
        builder.SetPublicKey(keys.Public);
        var certificate = builder.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", keys.Private, random));
        return new DtlsCertificate(certificate, keys.Private);
    }

    public static string FingerprintOf(ReadOnlySpan<byte> der) => Convert.ToHexString(SHA256.HashData(der)).Chunk(2).Aggregate(
        new System.Text.StringBuilder(), (sb, pair) => sb.Append(sb.Length == 0 ? "" : ":").Append(pair)).ToString();

    /// <summary>Parses "sha-256 AB:CD:..." into the 32 hash bytes; false for any other form.</summary>
    public static bool TryParseSdpFingerprint(string? value, out byte[] hash)
    {
        hash = [];
        if (value is null || !value.StartsWith("sha-256 ", StringComparison.OrdinalIgnoreCase)) return false;
        var hex = value["sha-256 ".Length..].Trim().Replace(":", "", StringComparison.Ordinal);
        if (hex.Length != 64) return false;
        try
        {
            hash = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
