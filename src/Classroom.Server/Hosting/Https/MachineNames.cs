using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Classroom.Server.Hosting.Https;

/// <summary>
/// The names and addresses by which browsers on the school network reach this machine: what the
/// self-made certificate must cover. Host names are lower case; addresses are unique.
/// </summary>
public sealed record MachineNames(IReadOnlyList<string> DnsNames, IReadOnlyList<IPAddress> Addresses)
{
    /// <summary>
    /// This machine now: its host name, host name.local (mDNS, what phones and Macs resolve on a LAN
    /// without a school DNS), localhost, every up non-loopback unicast address (IPv4 and IPv6, but not
    /// IPv6 link-local, which no browser address bar takes without a zone), 127.0.0.1 and ::1, and the
    /// names and addresses the admin added.
    /// </summary>
    public static MachineNames Discover(IEnumerable<string> extra)
    {
        var names = new List<string>();
        var addresses = new List<IPAddress>();
        var host = Dns.GetHostName().Trim().ToLowerInvariant();
        if (IsUsableName(host))
        {
            names.Add(host);
            if (!host.Contains('.', StringComparison.Ordinal)) names.Add(host + ".local");
        }
        names.Add("localhost");
        addresses.AddRange(LanAddresses());
        addresses.Add(IPAddress.Loopback);
        addresses.Add(IPAddress.IPv6Loopback);
        foreach (var item in extra)
        {
            if (IPAddress.TryParse(item, out var address)) addresses.Add(address);
            else if (IsUsableName(item)) names.Add(item.Trim().ToLowerInvariant());
        }
        return new MachineNames(names.Distinct(StringComparer.Ordinal).ToList(), addresses.Select(Normalize).Distinct().ToList());
    }

    /// <summary>Up, non-loopback unicast addresses of this machine's interfaces.</summary>
    public static IEnumerable<IPAddress> LanAddresses()
    {
        NetworkInterface[] interfaces;
        try
        {
            interfaces = NetworkInterface.GetAllNetworkInterfaces();
        }
        catch (NetworkInformationException)
        {
            return [];
        }
        var temporary = TemporaryIPv6Addresses();
        // Virtual links (veth, tun, wireguard) often report Unknown rather than Up while they carry traffic.
        return interfaces
            .Where(i => i.NetworkInterfaceType != NetworkInterfaceType.Loopback
                && i.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses.Select(u => u.Address))
            .Where(a => !IPAddress.IsLoopback(a) && !a.IsIPv6LinkLocal && !a.IsIPv6Multicast
                && a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            .Select(Normalize)
            .Where(a => !temporary.Contains(a))
            .Distinct()
            .ToList();
    }

    /// <summary>
    /// IPv6 privacy addresses (RFC 8981) that Linux marks temporary in /proc/net/if_inet6: they change
    /// every day or so and nobody types them, so covering them would only reissue the certificate daily.
    /// </summary>
    private static HashSet<IPAddress> TemporaryIPv6Addresses()
    {
        const int Temporary = 0x01; // IFA_F_TEMPORARY
        var result = new HashSet<IPAddress>();
        try
        {
            if (!File.Exists("/proc/net/if_inet6")) return result;
            foreach (var line in File.ReadLines("/proc/net/if_inet6"))
            {
                // "fd000000000000000000000000000002 04 40 00 82 eth0": address, index, prefix, scope, flags, name.
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 5 || fields[0].Length != 32) continue;
                if (!int.TryParse(fields[4], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var flags) || (flags & Temporary) == 0) continue;
                result.Add(new IPAddress(Convert.FromHexString(fields[0])));
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return result;
    }

    /// <summary>True when the certificate's names and addresses include every one of these.</summary>
    public bool AreCoveredBy(IReadOnlyCollection<string> dnsNames, IReadOnlyCollection<IPAddress> addresses) =>
        DnsNames.All(n => dnsNames.Contains(n, StringComparer.OrdinalIgnoreCase))
        && Addresses.All(a => addresses.Any(c => c.Equals(a)));

    /// <summary>A DNS name a certificate can carry: LDH labels of 1 to 63 characters, at most 253 in all.</summary>
    public static bool IsUsableName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return false;
        name = name.Trim();
        if (name.Length > 253 || IPAddress.TryParse(name, out _)) return false;
        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-') return false;
            if (!label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) return false;
        }
        return true;
    }

    private static IPAddress Normalize(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        // Scope ids are not part of a certificate's address.
        return address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0
            ? new IPAddress(address.GetAddressBytes())
            : address;
    }

    public override string ToString() =>
        string.Join(", ", DnsNames.Concat(Addresses.Select(a => a.ToString())).Select(s => s.ToString(CultureInfo.InvariantCulture)));
}
