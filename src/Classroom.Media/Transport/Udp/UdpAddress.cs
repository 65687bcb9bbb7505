using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Classroom.Media.Transport.Udp;

/// <summary>
/// A remote UDP address as a value: what the packet path uses to find a peer and to address a send.
/// It is read straight from the kernel's <c>sockaddr</c> bytes (what <c>recvmmsg</c> and
/// <see cref="SocketAddress"/> hold) without allocating, compares as two 64-bit words and a port, and
/// writes itself back as a <c>sockaddr</c>. IPv4 is kept IPv4-mapped (::ffff:a.b.c.d) so a dual-stack
/// socket and an IPv4 one agree on the same peer.
/// </summary>
public readonly struct UdpAddress : IEquatable<UdpAddress>
{
    private const ulong MappedPrefix = 0x0000_FFFF_0000_0000;
    private readonly ulong _high;
    private readonly ulong _low;
    private readonly ushort _port;

    private UdpAddress(ulong high, ulong low, ushort port)
    {
        _high = high;
        _low = low;
        _port = port;
    }

    /// <summary>The platform's <c>sa_family</c> values, read once from the runtime's own layout.</summary>
    private static readonly ushort FamilyV4 = FamilyOf(AddressFamily.InterNetwork);
    private static readonly ushort FamilyV6 = FamilyOf(AddressFamily.InterNetworkV6);

    /// <summary><c>sizeof(struct sockaddr_in)</c> and <c>sizeof(struct sockaddr_in6)</c>.</summary>
    public const int V4Length = 16;
    public const int V6Length = 28;

    /// <summary>Large enough for any address this type writes (a <c>sockaddr_in6</c>).</summary>
    public const int MaxLength = V6Length;

    public int Port => _port;
    public bool IsSpecified => _port != 0;
    public bool IsIPv4 => _high == 0 && (_low & 0xFFFF_FFFF_0000_0000) == MappedPrefix;

    /// <summary>Reads a <c>sockaddr_in</c> or <c>sockaddr_in6</c>; false for anything else or a short buffer.</summary>
    public static bool TryRead(ReadOnlySpan<byte> sockaddr, out UdpAddress address)
    {
        address = default;
        if (sockaddr.Length < V4Length) return false;
        // sa_family is host-endian, port and address are network order (RFC 3493 §3.3 and <netinet/in.h>).
        var family = BitConverter.ToUInt16(sockaddr);
        var port = BinaryPrimitives.ReadUInt16BigEndian(sockaddr[2..]);
        if (family == FamilyV4)
        {
            address = new UdpAddress(0, MappedPrefix | BinaryPrimitives.ReadUInt32BigEndian(sockaddr[4..]), port);
            return true;
        }
        if (family != FamilyV6 || sockaddr.Length < V6Length) return false;
        address = new UdpAddress(
            BinaryPrimitives.ReadUInt64BigEndian(sockaddr[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(sockaddr[16..]),
            port);
        return true;
    }

    /// <summary>Writes the address for a socket of <paramref name="socketFamily"/>; returns its length, 0 if it does not fit.</summary>
    public int Write(Span<byte> sockaddr, AddressFamily socketFamily)
    {
        if (socketFamily == AddressFamily.InterNetwork)
        {
            if (!IsIPv4 || sockaddr.Length < V4Length) return 0;
            sockaddr[..V4Length].Clear();
            BitConverter.TryWriteBytes(sockaddr, FamilyV4);
            BinaryPrimitives.WriteUInt16BigEndian(sockaddr[2..], _port);
            BinaryPrimitives.WriteUInt32BigEndian(sockaddr[4..], (uint)_low);
            return V4Length;
        }
        if (sockaddr.Length < V6Length) return 0;
        sockaddr[..V6Length].Clear();
        BitConverter.TryWriteBytes(sockaddr, FamilyV6);
        BinaryPrimitives.WriteUInt16BigEndian(sockaddr[2..], _port);
        BinaryPrimitives.WriteUInt64BigEndian(sockaddr[8..], _high);
        BinaryPrimitives.WriteUInt64BigEndian(sockaddr[16..], _low);
        return V6Length;
    }

    /// <summary>For the control plane and logs (allocates).</summary>
    public static UdpAddress From(IPEndPoint endPoint)
    {
        Span<byte> bytes = stackalloc byte[16];
        endPoint.Address.MapToIPv6().TryWriteBytes(bytes, out _);
        return new UdpAddress(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            (ushort)endPoint.Port);
    }

    /// <summary>For the control plane and logs (allocates).</summary>
    public IPEndPoint ToEndPoint()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, _high);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], _low);
        var address = new IPAddress(bytes);
        return new IPEndPoint(IsIPv4 ? address.MapToIPv4() : address, _port);
    }

    public bool Equals(UdpAddress other) => _low == other._low && _high == other._high && _port == other._port;

    public override bool Equals(object? obj) => obj is UdpAddress other && Equals(other);

    // The low word carries the IPv4 address and the port varies most: mix those; no allocation, no SipHash.
    public override int GetHashCode() =>
        (int)(((_low ^ (_low >> 32) ^ _high ^ (_high >> 32)) * 0x9E37_79B9_7F4A_7C15 >> 32) ^ _port);

    public static bool operator ==(UdpAddress left, UdpAddress right) => left.Equals(right);

    public static bool operator !=(UdpAddress left, UdpAddress right) => !left.Equals(right);

    public override string ToString() => ToEndPoint().ToString();

    private static ushort FamilyOf(AddressFamily family) => BitConverter.ToUInt16(new SocketAddress(family).Buffer.Span);
}
