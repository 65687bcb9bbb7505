using System.Net;

namespace Classroom.LinkEmulator;

/// <summary>Whether the clients of one proxy share one emulated link or each get their own.</summary>
public enum LinkSharing
{
    /// <summary>One bottleneck for everyone behind the proxy: the pupils of one village school behind one modem.</summary>
    Shared,

    /// <summary>Each client (UDP source address, TCP connection) gets its own link with the profile's figures.</summary>
    PerClient,
}

/// <summary>Settings common to <see cref="UdpLinkProxy"/> and <see cref="TcpLinkProxy"/>; the defaults suit the bench.</summary>
public sealed record LinkProxyOptions
{
    public static LinkProxyOptions Default { get; } = new();

    public LinkSharing Sharing { get; init; } = LinkSharing.Shared;

    /// <summary>Seed of the loss, jitter and reorder draws; each shaper derives its own from it. Same seed, same draws.</summary>
    public int Seed { get; init; } = 20_240_901;

    /// <summary>Scheduled outages, as times since the proxy started.</summary>
    public IReadOnlyList<Outage> Outages { get; init; } = [];

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public StreamLossMode TcpLoss { get; init; } = StreamLossMode.RetransmitStall;

    /// <summary>Largest TCP chunk scheduled as one unit (about one segment, so rate shaping is smooth).</summary>
    public int TcpChunkBytes { get; init; } = 1460;

    public int MaxTcpConnections { get; init; } = 4096;

    public TimeSpan TcpConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Datagrams the UDP proxy may hold waiting for their departure, both directions together.</summary>
    public int MaxPendingDatagrams { get; init; } = 65_536;

    public int MaxUdpAssociations { get; init; } = 4096;

    /// <summary>A UDP association nobody used for this long is closed (its upstream port is released).</summary>
    public TimeSpan UdpIdleTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Address the proxy's upstream sockets bind to (port 0). Null: loopback when the target is loopback,
    /// otherwise the wildcard of the target's family (an ordinary outgoing client socket).
    /// </summary>
    public IPAddress? UpstreamBindAddress { get; init; }

    internal IPAddress UpstreamAddressFor(IPEndPoint target) =>
        UpstreamBindAddress
        ?? (IPAddress.IsLoopback(target.Address)
            ? target.Address
            : target.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any);

    internal void Validate()
    {
        if (TcpChunkBytes is < 1 or > 65_536)
            throw new ArgumentException($"TCP chunk size must be 1..65536 bytes ({TcpChunkBytes}).");
        if (MaxTcpConnections < 1 || MaxPendingDatagrams < 1 || MaxUdpAssociations < 1)
            throw new ArgumentException("Connection, association and pending-datagram limits must be positive.");
        if (TcpConnectTimeout <= TimeSpan.Zero || UdpIdleTimeout <= TimeSpan.Zero)
            throw new ArgumentException("Timeouts must be positive.");
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
