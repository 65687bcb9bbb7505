using MessagePack;
using MessagePack.Resolvers;

namespace Classroom.Contracts;

/// <summary>The hub's MessagePack settings, shared by the server and every .NET client (tests, bench).</summary>
public static class WireFormat
{
    /// <summary>
    /// Attribute keys, enums as numbers, Guids as strings (what the browser's msgpack decoder can
    /// read), and the hardening meant for data from untrusted peers.
    /// </summary>
    public static readonly MessagePackSerializerOptions MessagePack =
        MessagePackSerializerOptions.Standard.WithResolver(StandardResolver.Instance).WithSecurity(MessagePackSecurity.UntrustedData);
}
