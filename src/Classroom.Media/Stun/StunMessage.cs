using System.Buffers.Binary;

namespace Classroom.Media.Stun;

// RFC 5389 §6 (message structure) and §15 (attributes): a parsed view of one datagram.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |0 0|     STUN Message Type     |         Message Length        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                         Magic Cookie                          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                     Transaction ID (96 bits)                  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>
/// Where the attributes ICE-lite needs sit in a STUN datagram. Holds offsets only (no copies), so
/// parsing allocates nothing; read values through the accessors with the same packet.
/// </summary>
public readonly record struct StunMessage
{
    public ushort Type { get; init; }
    public int UsernameOffset { get; init; }
    public int UsernameLength { get; init; }
    /// <summary>Offset of the MESSAGE-INTEGRITY attribute header, or -1.</summary>
    public int IntegrityOffset { get; init; }
    /// <summary>Offset of the FINGERPRINT attribute header, or -1.</summary>
    public int FingerprintOffset { get; init; }
    /// <summary>Offset of the XOR-MAPPED-ADDRESS value, or -1.</summary>
    public int XorMappedAddressOffset { get; init; }
    public int XorMappedAddressLength { get; init; }
    public uint Priority { get; init; }
    public bool HasPriority { get; init; }
    public bool UseCandidate { get; init; }
    public bool IceControlling { get; init; }
    public bool IceControlled { get; init; }

    public bool HasIntegrity => IntegrityOffset >= 0;
    public bool HasFingerprint => FingerprintOffset >= 0;

    public static ReadOnlySpan<byte> TransactionId(ReadOnlySpan<byte> packet) =>
        packet.Slice(StunHeader.TransactionIdOffset, StunHeader.TransactionIdLength);

    public ReadOnlySpan<byte> Username(ReadOnlySpan<byte> packet) => packet.Slice(UsernameOffset, UsernameLength);

    /// <summary>
    /// Parses a whole datagram. Unknown comprehension-optional attributes are skipped; anything after
    /// MESSAGE-INTEGRITY other than FINGERPRINT is ignored (§15.4); nothing may follow FINGERPRINT (§15.5).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out StunMessage message, out StunParseError error)
    {
        message = default;
        if (packet.Length < StunHeader.Length) return Fail(StunParseError.TooShort, out error);
        if ((packet[0] & 0xC0) != 0) return Fail(StunParseError.NotStun, out error);
        if (BinaryPrimitives.ReadUInt32BigEndian(packet[4..]) != StunHeader.MagicCookie) return Fail(StunParseError.BadCookie, out error);
        var length = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if ((length & 3) != 0 || StunHeader.Length + length != packet.Length) return Fail(StunParseError.BadLength, out error);

        int username = -1, usernameLength = 0, integrity = -1, fingerprint = -1, xorMapped = -1, xorMappedLength = 0;
        uint priority = 0;
        bool hasPriority = false, useCandidate = false, controlling = false, controlled = false;
        var offset = StunHeader.Length;
        while (offset < packet.Length)
        {
            if (fingerprint >= 0) return Fail(StunParseError.AttributeAfterFingerprint, out error);
            if (packet.Length - offset < 4) return Fail(StunParseError.BadAttribute, out error);
            var type = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
            var valueLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            var value = offset + 4;
            var padded = (valueLength + 3) & ~3;
            if (padded > packet.Length - value) return Fail(StunParseError.BadAttribute, out error);
            if (integrity < 0 || type == StunAttributeType.Fingerprint)
            {
                switch (type)
                {
                    case StunAttributeType.Username:
                        username = value;
                        usernameLength = valueLength;
                        break;
                    case StunAttributeType.MessageIntegrity:
                        if (valueLength != StunHeader.IntegrityLength) return Fail(StunParseError.BadAttribute, out error);
                        integrity = offset;
                        break;
                    case StunAttributeType.Fingerprint:
                        if (valueLength != StunHeader.FingerprintLength) return Fail(StunParseError.BadAttribute, out error);
                        fingerprint = offset;
                        break;
                    case StunAttributeType.XorMappedAddress:
                        xorMapped = value;
                        xorMappedLength = valueLength;
                        break;
                    case StunAttributeType.Priority:
                        if (valueLength != 4) return Fail(StunParseError.BadAttribute, out error);
                        priority = BinaryPrimitives.ReadUInt32BigEndian(packet[value..]);
                        hasPriority = true;
                        break;
                    case StunAttributeType.UseCandidate:
                        useCandidate = true;
                        break;
                    case StunAttributeType.IceControlling:
                        controlling = true;
                        break;
                    case StunAttributeType.IceControlled:
                        controlled = true;
                        break;
                }
            }
            offset = value + padded;
        }
        message = new StunMessage
        {
            Type = BinaryPrimitives.ReadUInt16BigEndian(packet),
            UsernameOffset = Math.Max(0, username),
            UsernameLength = usernameLength,
            IntegrityOffset = integrity,
            FingerprintOffset = fingerprint,
            XorMappedAddressOffset = xorMapped,
            XorMappedAddressLength = xorMappedLength,
            Priority = priority,
            HasPriority = hasPriority,
            UseCandidate = useCandidate,
            IceControlling = controlling,
            IceControlled = controlled,
        };
        error = StunParseError.None;
        return true;
    }

    private static bool Fail(StunParseError reason, out StunParseError error)
    {
        error = reason;
        return false;
    }
}
