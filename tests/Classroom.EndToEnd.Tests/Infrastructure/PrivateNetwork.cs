using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Classroom.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A network namespace this run creates for itself, joined to the root namespace by a veth pair
/// with a private /30 from 10.201.0.0/16. The server under test binds to <see cref="HostAddress"/>
/// (the root-side end); a browser started inside the namespace owns <see cref="BrowserAddress"/>.
/// Why: headless Chromium gathers no ICE candidates with loopback only, and outside a namespace of
/// our own it would announce mDNS on the machine's real interface. Nothing is routed or forwarded,
/// so traffic from inside can reach only the host end of the veth.
/// Names: namespace <c>clsr-&lt;pid&gt;-&lt;n&gt;</c>, host-side link <c>clsr&lt;pid&gt;-&lt;n&gt;</c>; leftovers of
/// these names whose process is gone (a crashed run) are deleted when the next one is created.
/// </summary>
public sealed partial class PrivateNetwork : IAsyncDisposable
{
    /// <summary>The name of the veth end inside the namespace; "eth" makes WebRTC treat it as Ethernet.</summary>
    public const string BrowserInterface = "eth0";

    public const int PrefixLength = 30;

    private const uint Pool = (10u << 24) | (201u << 16);
    private const int PoolBlocks = 1 << (32 - 16 - 2); // /30 blocks in the /16.
    private const int MaxInterfaceNameLength = 15; // IFNAMSIZ - 1.

    // Serialises allocation inside this process; the lock file below does it across processes, so
    // the "is this /30 free?" check and the address assignment cannot interleave with another run.
    private static readonly SemaphoreSlim AllocationGate = new(1, 1);
    private static readonly string LockFilePath = Path.Combine(Path.GetTempPath(), "clsr-private-network.lock");
    private static int s_counter = -1;

    private int _disposed;

    private PrivateNetwork(string namespaceName, string hostInterface, IPAddress hostAddress, IPAddress browserAddress)
    {
        NamespaceName = namespaceName;
        HostInterface = hostInterface;
        HostAddress = hostAddress;
        BrowserAddress = browserAddress;
    }

    /// <summary>The namespace's name, as <c>ip netns list</c> shows it.</summary>
    public string NamespaceName { get; }

    /// <summary>The root-namespace end of the veth pair.</summary>
    public string HostInterface { get; }

    /// <summary>Root-side address: where the server under test binds HTTP and its UDP media socket.</summary>
    public IPAddress HostAddress { get; }

    /// <summary>Namespace-side address: the only non-loopback address a browser inside can use.</summary>
    public IPAddress BrowserAddress { get; }

    public static async Task<PrivateNetwork> CreateAsync()
    {
        var pid = Environment.ProcessId;
        var n = Interlocked.Increment(ref s_counter);
        var namespaceName = $"clsr-{pid}-{n}";
        var hostInterface = $"clsr{pid}-{n}";
        if (hostInterface.Length > MaxInterfaceNameLength)
        {
            throw new InvalidOperationException($"The interface name {hostInterface} is longer than {MaxInterfaceNameLength} characters.");
        }

        await AllocationGate.WaitAsync();
        try
        {
            await using var crossProcessLock = await AcquireLockFileAsync();
            await RemoveLeftoversAsync();
            var (hostAddress, browserAddress) = await ChooseFreeBlockAsync(pid, n);
            var network = new PrivateNetwork(namespaceName, hostInterface, hostAddress, browserAddress);
            try
            {
                await network.SetUpAsync();
            }
            catch
            {
                try
                {
                    await network.DisposeAsync();
                }
                catch (InvalidOperationException)
                {
                    // The setup failure below is the one worth reporting; a half-made network may not clean up fully.
                }
                throw;
            }
            return network;
        }
        finally
        {
            AllocationGate.Release();
        }
    }

    /// <summary>Runs a program inside the namespace (e.g. nft to block UDP for one client) and returns its stdout.</summary>
    public Task<string> RunInsideAsync(string program, params string[] arguments) =>
        IpTool.RunAsync(["netns", "exec", NamespaceName, program, .. arguments]);

    /// <summary>The namespaces <c>ip netns list</c> shows, names only.</summary>
    public static async Task<IReadOnlyList<string>> ListNamespacesAsync()
    {
        var output = await IpTool.RunAsync("netns", "list");
        // Lines look like "clsr-123-0 (id: 4)" or just "clsr-123-0".
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')[0])
            .ToList();
    }

    /// <summary>The process ids running inside the namespace (<c>ip netns pids</c>).</summary>
    public async Task<IReadOnlyList<int>> ProcessIdsInsideAsync()
    {
        var output = await IpTool.RunAsync("netns", "pids", NamespaceName);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pid => int.Parse(pid, CultureInfo.InvariantCulture))
            .ToList();
    }

    private async Task SetUpAsync()
    {
        await IpTool.RunAsync("netns", "add", NamespaceName);
        // The inside end is created directly in the namespace, so its name only has to be unique there.
        await IpTool.RunAsync("link", "add", HostInterface, "type", "veth", "peer", "name", BrowserInterface, "netns", NamespaceName);
        // No IPv6 link-local addresses: the candidate set stays the one IPv4 address, and neither end
        // sends router solicitations or duplicate-address probes.
        await IpTool.RunAsync("link", "set", HostInterface, "addrgenmode", "none");
        await IpTool.RunAsync("-n", NamespaceName, "link", "set", BrowserInterface, "addrgenmode", "none");
        await IpTool.RunAsync("addr", "add", $"{HostAddress}/{PrefixLength}", "dev", HostInterface);
        await IpTool.RunAsync("link", "set", HostInterface, "up");
        await IpTool.RunAsync("-n", NamespaceName, "link", "set", "lo", "up");
        await IpTool.RunAsync("-n", NamespaceName, "addr", "add", $"{BrowserAddress}/{PrefixLength}", "dev", BrowserInterface);
        await IpTool.RunAsync("-n", NamespaceName, "link", "set", BrowserInterface, "up");
    }

    private static async Task<FileStream> AcquireLockFileAsync()
    {
        // FileShare.None takes an exclusive flock on Linux, which every run of this harness honours.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return new FileStream(LockFilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>
    /// Picks a /30 starting from one derived from the pid (so concurrent runs start apart) and skips any
    /// block that already holds an address or a route in the root namespace.
    /// </summary>
    private static async Task<(IPAddress Host, IPAddress Browser)> ChooseFreeBlockAsync(int pid, int n)
    {
        var taken = await AddressesInUseAsync();
        var first = (int)(((long)pid * 4 + n) % PoolBlocks);
        for (var i = 0; i < PoolBlocks; i++)
        {
            var block = Pool + ((uint)((first + i) % PoolBlocks) << 2);
            if (taken.Any(t => Overlaps(t.Network, t.Prefix, block, PrefixLength))) continue;
            // Routes without an address (e.g. added by another tool) also make a block unusable.
            var routes = await IpTool.RunAsync("-4", "route", "show", "root", $"{ToAddress(block)}/{PrefixLength}");
            if (!string.IsNullOrWhiteSpace(routes)) continue;
            return (ToAddress(block + 1), ToAddress(block + 2));
        }
        throw new InvalidOperationException($"No free /{PrefixLength} left in 10.201.0.0/16: {string.Join(", ", taken)}");
    }

    /// <summary>IPv4 addresses of the root namespace, with prefixes, from <c>ip -4 -o addr</c>.</summary>
    private static async Task<List<(uint Network, int Prefix)>> AddressesInUseAsync()
    {
        var output = await IpTool.RunAsync("-4", "-o", "addr", "show");
        var result = new List<(uint, int)>();
        foreach (Match match in InetRegex().Matches(output))
        {
            var address = ToUInt32(IPAddress.Parse(match.Groups[1].Value));
            var prefix = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            // A subnet wider than our whole pool (a LAN on 10.0.0.0/8) is harmless: the /30 route is
            // more specific, so only its address itself must be avoided. Any subnet inside the pool
            // (another harness's 10.201.0.0/24) is avoided whole, so we never shadow its hosts.
            result.Add((address, prefix < 16 ? 32 : prefix));
        }
        return result;
    }

    private static bool Overlaps(uint a, int aPrefix, uint b, int bPrefix)
    {
        var prefix = Math.Min(aPrefix, bPrefix);
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        return (a & mask) == (b & mask);
    }

    /// <summary>Deletes namespaces and host links of this naming scheme whose owning process is gone.</summary>
    private static async Task RemoveLeftoversAsync()
    {
        foreach (var name in await ListNamespacesAsync())
        {
            var match = NamespaceNameRegex().Match(name);
            if (!match.Success || ProcessIsAlive(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))) continue;
            // Best effort: a leftover that resists deletion is not this run's failure.
            await IpTool.TryRunAsync("netns", "delete", name);
        }
        var links = await IpTool.RunAsync("-o", "link", "show");
        foreach (Match match in LinkNameRegex().Matches(links))
        {
            if (ProcessIsAlive(int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))) continue;
            await IpTool.TryRunAsync("link", "delete", match.Groups[1].Value);
        }
    }

    // A reused pid keeps a leftover alive until that process ends; it is only a leak of one /30.
    private static bool ProcessIsAlive(int pid) => Directory.Exists($"/proc/{pid}");

    private static uint ToUInt32(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    private static IPAddress ToAddress(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        // The link is deleted explicitly: deleting the namespace alone keeps the pair alive while a
        // process (a browser that has not exited yet) still holds the namespace.
        var link = await IpTool.TryRunAsync("link", "delete", HostInterface);
        var netns = await IpTool.TryRunAsync("netns", "delete", NamespaceName);
        var failures = new List<string>();
        if (link.ExitCode != 0 && !link.Error.Contains("Cannot find device", StringComparison.Ordinal))
        {
            failures.Add($"`ip link delete {HostInterface}`: {link.Error.Trim()}");
        }
        if (netns.ExitCode != 0 && !netns.Error.Contains("No such file", StringComparison.Ordinal))
        {
            failures.Add($"`ip netns delete {NamespaceName}`: {netns.Error.Trim()}");
        }
        if (failures.Count > 0) throw new InvalidOperationException(string.Join("; ", failures));
    }

    public override string ToString() =>
        $"{NamespaceName}: {HostInterface} {HostAddress}/{PrefixLength} <-> {BrowserInterface} {BrowserAddress}/{PrefixLength}";

    [GeneratedRegex(@"\sinet (\d+\.\d+\.\d+\.\d+)/(\d+)")]
    private static partial Regex InetRegex();

    [GeneratedRegex(@"^clsr-(\d+)-(\d+)$")]
    private static partial Regex NamespaceNameRegex();

    // "12: clsr123-0@if2: <BROADCAST,..." in `ip -o link` output; the peer suffix is not part of the name.
    [GeneratedRegex(@"^\d+: (clsr(\d+)-\d+)[@:]", RegexOptions.Multiline)]
    private static partial Regex LinkNameRegex();
}
