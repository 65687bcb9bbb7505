// The DTLS target's certificates and randomness, the same in every process: with a server whose
// random, ECDHE key and certificate never change, a client flight recorded once (Seeds/DtlsSeeds.cs)
// still verifies when replayed, so the fuzzer starts from a complete handshake (CertificateVerify,
// Finished, the SRTP key export) instead of stopping at the first signature it cannot forge.
using System.Reflection;
using System.Security.Cryptography;
using Classroom.Media.Dtls;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Org.BouncyCastle.X509;

namespace Classroom.Media.Fuzz.Targets;

public static class FixedCertificates
{
    public static DtlsCertificate Server { get; } = Create("relay", 1);

    public static DtlsCertificate Client { get; } = Create("browser", 2);

    public static byte[] ClientFingerprint { get; } = SHA256.HashData(Client.Der);

    public static byte[] ServerFingerprint { get; } = SHA256.HashData(Server.Der);

    /// <summary>A pseudo-random generator that yields the same bytes for the same seed.</summary>
    public static SecureRandom Random(int seed)
    {
        var random = SecureRandom.GetInstance("SHA256PRNG", false);
        random.SetSeed(BitConverter.GetBytes(seed));
        return random;
    }

    /// <summary>
    /// TLS crypto that makes the same randoms for the same seed. BouncyCastle mixes the clock
    /// (Times.NanoTime) and a process-wide counter into the generator of every Hello random; this
    /// one leaves them out, so the server's random and key share depend on the seed alone.
    /// </summary>
    public static BcTlsCrypto Crypto(int seed) => new Deterministic(Random(seed));

    private sealed class Deterministic(SecureRandom random) : BcTlsCrypto(random)
    {
        public override TlsNonceGenerator CreateNonceGenerator(byte[] additionalSeedMaterial) => base.CreateNonceGenerator(ReadOnlySpan<byte>.Empty);

        public override TlsNonceGenerator CreateNonceGenerator(ReadOnlySpan<byte> additionalSeedMaterial) => base.CreateNonceGenerator(ReadOnlySpan<byte>.Empty);
    }

    private static DtlsCertificate Create(string commonName, int seed)
    {
        var random = Random(seed);
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(X9ObjectIdentifiers.Prime256v1, random));
        var keys = generator.GenerateKeyPair();
        var name = new X509Name($"CN={commonName}");
        var builder = new X509V3CertificateGenerator();
        builder.SetSerialNumber(BigInteger.ValueOf(seed));
        builder.SetIssuerDN(name);
        builder.SetSubjectDN(name);
        builder.SetNotBefore(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        builder.SetNotAfter(new DateTime(2036, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        builder.SetPublicKey(keys.Public);
        var certificate = builder.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", keys.Private, random));
        return Wrap(certificate, keys.Private);
    }

    // DtlsCertificate only makes fresh random certificates (what the relay needs); its constructor is
    // private and stays so: a test-only way in does not belong in src/. Reaching it by reflection
    // fails loudly (here, at the first DTLS input) if its shape ever changes.
    private static DtlsCertificate Wrap(X509Certificate certificate, AsymmetricKeyParameter key)
    {
        var constructor = typeof(DtlsCertificate).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, [typeof(X509Certificate), typeof(AsymmetricKeyParameter)])
            ?? throw new InvalidOperationException("DtlsCertificate(X509Certificate, AsymmetricKeyParameter) is gone: update FixedCertificates.");
        return (DtlsCertificate)constructor.Invoke([certificate, key]);
    }
}
