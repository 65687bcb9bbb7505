namespace Classroom.Media.Stun;

// RFC 5389 §6 (header), §15 and §18.2 (attributes), RFC 8445 §7.1.2 and §16.1 (ICE attributes).

/// <summary>STUN message types used by ICE-lite.</summary>
public static class StunMessageType
{
    public const ushort BindingRequest = 0x0001;
    public const ushort BindingIndication = 0x0011;
    public const ushort BindingSuccess = 0x0101;
    public const ushort BindingError = 0x0111;
}

public static class StunAttributeType
{
    public const ushort MappedAddress = 0x0001;
    public const ushort Username = 0x0006;
    public const ushort MessageIntegrity = 0x0008;
    public const ushort ErrorCode = 0x0009;
    public const ushort XorMappedAddress = 0x0020;
    public const ushort Priority = 0x0024;
    public const ushort UseCandidate = 0x0025;
    public const ushort Software = 0x8022;
    public const ushort Fingerprint = 0x8028;
    public const ushort IceControlled = 0x8029;
    public const ushort IceControlling = 0x802A;
}

public static class StunHeader
{
    public const int Length = 20;
    public const uint MagicCookie = 0x2112A442;
    public const int TransactionIdOffset = 8;
    public const int TransactionIdLength = 12;
    public const int IntegrityLength = 20;
    public const int FingerprintLength = 4;
}

/// <summary>Why a datagram was not accepted as STUN. The packet path counts these; it never throws.</summary>
public enum StunParseError
{
    None = 0,
    TooShort,
    NotStun,
    BadCookie,
    BadLength,
    BadAttribute,
    AttributeAfterFingerprint,
}
