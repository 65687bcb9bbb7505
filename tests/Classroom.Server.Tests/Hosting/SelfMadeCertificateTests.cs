using System.Net;
using System.Security.Cryptography.X509Certificates;
using Classroom.Server.Hosting.Https;
using Microsoft.Extensions.Time.Testing;

namespace Classroom.Server.Tests.Hosting;

/// <summary>
/// The server's own CA and certificate in a real data folder: what a phone that installed the CA
/// checks (chain to that root alone, names and addresses in subjectAltName), reuse across restarts,
/// reissue from the same CA when an address is no longer covered or the end nears.
/// </summary>
public sealed class SelfMadeCertificateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("classroom-tls-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    private SelfMadeCertificates NewStore() => new(_folder, _time);

    [Fact]
    public void The_certificate_chains_to_the_school_CA_alone_and_names_every_LAN_address_and_host_name()
    {
        var names = MachineNames.Discover(["classroom.school.lan", "203.0.113.7"]);
        var store = NewStore();

        Assert.Equal(CertificateChange.NewAuthority, store.Ensure(names));

        var server = store.Server!;
        var authority = X509CertificateLoader.LoadCertificateFromFile(store.AuthorityPath);
        // As a phone that installed ca.crt: the custom root is the only trust, nothing from the system store.
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = _time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1"));
        Assert.True(chain.Build(server), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(authority.Thumbprint, chain.ChainElements[^1].Certificate.Thumbprint);

        // The addresses found at that moment (other test runs add and remove network links meanwhile).
        var lan = names.Addresses.Where(a => !IPAddress.IsLoopback(a) && !a.Equals(IPAddress.Parse("203.0.113.7"))).ToList();
        Assert.NotEmpty(lan);
        foreach (var address in lan.Concat([IPAddress.Loopback, IPAddress.IPv6Loopback, IPAddress.Parse("203.0.113.7")]))
        {
            Assert.True(server.MatchesHostname(address.ToString()), $"{address} is not covered");
        }
        var host = Dns.GetHostName().ToLowerInvariant();
        foreach (var name in new[] { host, host + ".local", "localhost", "classroom.school.lan" })
        {
            Assert.True(server.MatchesHostname(name), $"{name} is not covered");
        }
        Assert.False(server.MatchesHostname("example.com"));
        Assert.False(server.MatchesHostname("198.51.100.1"));
    }

    [Fact]
    public void The_certificates_are_what_every_phone_accepts_and_the_CA_signs_only_end_certificates()
    {
        var store = NewStore();
        store.Ensure(MachineNames.Discover([]));
        var server = store.Server!;
        var authority = store.Authority!;

        // iOS and macOS refuse TLS server certificates that live longer than 825 days.
        Assert.True(server.NotAfter - server.NotBefore <= TimeSpan.FromDays(825));
        Assert.True(server.NotBefore < _time.GetUtcNow().UtcDateTime, "starts early, for phones whose clock is behind");
        Assert.Equal("1.2.840.113549.1.1.1", server.PublicKey.Oid.Value); // RSA
        Assert.Equal(2048, server.GetRSAPublicKey()!.KeySize);
        Assert.Equal("sha256RSA", server.SignatureAlgorithm.FriendlyName);
        var usage = server.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages;
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], usage.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
        Assert.False(server.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);

        var constraints = authority.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.HasPathLengthConstraint);
        Assert.Equal(0, constraints.PathLengthConstraint);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, authority.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Private_keys_are_readable_by_the_server_user_only()
    {
        NewStore().Ensure(MachineNames.Discover([]));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_folder));
        foreach (var key in new[] { "ca.key", "server.key" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, key)));
        }
        Assert.Equal(["ca.crt", "ca.key", "server.crt", "server.key"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_restart_reuses_both_certificates()
    {
        var names = MachineNames.Discover([]);
        var first = NewStore();
        first.Ensure(names);
        _time.Advance(TimeSpan.FromDays(100));

        var second = NewStore();

        Assert.Equal(CertificateChange.None, second.Ensure(names));
        Assert.Equal(first.Authority!.Thumbprint, second.Authority!.Thumbprint);
        Assert.Equal(first.Server!.Thumbprint, second.Server!.Thumbprint);
        Assert.True(second.Server.HasPrivateKey);
    }

    [Fact]
    public void An_address_not_covered_any_more_gets_a_new_certificate_from_the_same_CA_with_the_same_key()
    {
        var before = MachineNames.Discover([]);
        var store = NewStore();
        store.Ensure(before);
        var old = store.Server!;
        var authority = store.Authority!.Thumbprint;
        // The school's DHCP hands the server a new address.
        var after = before with { Addresses = [.. before.Addresses, IPAddress.Parse("192.168.77.20")] };
        Assert.False(old.MatchesHostname("192.168.77.20"));

        var restarted = NewStore();
        Assert.Equal(CertificateChange.NewServerCertificate, restarted.Ensure(after));

        Assert.Equal(authority, restarted.Authority!.Thumbprint);
        Assert.NotEqual(old.Thumbprint, restarted.Server!.Thumbprint);
        Assert.True(restarted.Server.MatchesHostname("192.168.77.20"));
        Assert.True(CertificateIssuer.IsIssuedBy(restarted.Server, restarted.Authority, _time.GetUtcNow()));
        // Same key: a kiosk that trusts exactly this server's public key keeps trusting it.
        Assert.Equal(CertificateIssuer.SpkiHash(old), CertificateIssuer.SpkiHash(restarted.Server));
        // The file on disk is the new one, so the next restart reuses it.
        Assert.Equal(restarted.Server.Thumbprint, X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_folder, "server.crt")).Thumbprint);
        // An address that went away needs nothing: a certificate may name more than the machine has.
        Assert.Equal(CertificateChange.None, NewStore().Ensure(before));
    }

    [Fact]
    public void A_certificate_near_its_end_is_renewed_from_the_same_CA()
    {
        var names = MachineNames.Discover([]);
        var store = NewStore();
        store.Ensure(names);
        var old = store.Server!;

        _time.Advance(CertificateIssuer.ServerLifetime - SelfMadeCertificates.RenewBefore - TimeSpan.FromDays(1));
        Assert.Equal(CertificateChange.None, store.Ensure(names));
        _time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(CertificateChange.NewServerCertificate, store.Ensure(names));

        Assert.True(store.Server!.NotAfter > old.NotAfter);
        Assert.True(CertificateIssuer.IsIssuedBy(store.Server, store.Authority!, _time.GetUtcNow()));
    }

    [Fact]
    public void An_unreadable_CA_is_replaced_by_a_new_one_and_a_certificate_from_it()
    {
        var names = MachineNames.Discover([]);
        var first = NewStore();
        first.Ensure(names);
        File.WriteAllText(Path.Combine(_folder, "ca.key"), "-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n");

        var second = NewStore();

        Assert.Equal(CertificateChange.NewAuthority, second.Ensure(names));
        Assert.NotEqual(first.Authority!.Thumbprint, second.Authority!.Thumbprint);
        Assert.True(CertificateIssuer.IsIssuedBy(second.Server!, second.Authority, _time.GetUtcNow()));
        Assert.False(CertificateIssuer.IsIssuedBy(second.Server!, first.Authority, _time.GetUtcNow()));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
