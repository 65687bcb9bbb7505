using System.Diagnostics;
using System.Net;
using Classroom.EndToEnd.Tests.Infrastructure;

namespace Classroom.EndToEnd.Tests.Network;

/// <summary>The private namespace and veth the media tests run in: set up as described, and gone after dispose.</summary>
public sealed class PrivateNetworkTests
{
    [Fact]
    public async Task A_network_has_a_veth_with_both_addresses_and_dispose_removes_the_namespace_and_the_link()
    {
        var network = await PrivateNetwork.CreateAsync();
        try
        {
            Assert.Matches($"^clsr-{Environment.ProcessId}-\\d+$", network.NamespaceName);
            Assert.Contains(network.NamespaceName, await PrivateNetwork.ListNamespacesAsync());
            Assert.Contains($"inet {network.HostAddress}/30", await IpTool.RunAsync("-4", "-o", "addr", "show", "dev", network.HostInterface));
            var inside = await IpTool.RunAsync("-n", network.NamespaceName, "-o", "addr", "show");
            Assert.Contains($"inet {network.BrowserAddress}/30", inside);
            Assert.Contains("lo    inet 127.0.0.1/8", inside);
            Assert.True(IsPrivatePoolAddress(network.HostAddress), network.ToString());
        }
        finally
        {
            await network.DisposeAsync();
        }

        Assert.DoesNotContain(network.NamespaceName, await PrivateNetwork.ListNamespacesAsync());
        var link = await IpTool.TryRunAsync("link", "show", network.HostInterface);
        Assert.NotEqual(0, link.ExitCode);
        Assert.DoesNotContain($"{network.HostAddress}/", await IpTool.RunAsync("-4", "-o", "addr", "show"));
    }

    [Fact]
    public async Task Networks_created_at_the_same_time_get_different_names_and_addresses()
    {
        var networks = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PrivateNetwork.CreateAsync()));
        try
        {
            Assert.Equal(3, networks.Select(n => n.NamespaceName).Distinct().Count());
            Assert.Equal(3, networks.Select(n => n.HostAddress).Distinct().Count());
            // The browser end of one network reaches its own host end over the veth (ping is not
            // installed everywhere, so the kernel's view is checked: the route to it is via the veth).
            foreach (var network in networks)
            {
                var route = await IpTool.RunAsync("-n", network.NamespaceName, "-4", "route", "get", network.HostAddress.ToString());
                Assert.Contains($"dev {PrivateNetwork.BrowserInterface} src {network.BrowserAddress}", route);
            }
        }
        finally
        {
            foreach (var network in networks) await network.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_leftover_namespace_of_a_process_that_is_gone_is_removed_by_the_next_run()
    {
        var deadPid = await PidOfAnExitedProcessAsync();
        var leftover = $"clsr-{deadPid}-0";
        await IpTool.RunAsync("netns", "add", leftover);
        try
        {
            await using var network = await PrivateNetwork.CreateAsync();

            Assert.DoesNotContain(leftover, await PrivateNetwork.ListNamespacesAsync());
        }
        finally
        {
            await IpTool.TryRunAsync("netns", "delete", leftover);
        }
    }

    private static async Task<int> PidOfAnExitedProcessAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        return process.Id;
    }

    private static bool IsPrivatePoolAddress(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return bytes[0] == 10 && bytes[1] == 201;
    }
}
