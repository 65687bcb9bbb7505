using System.Buffers.Binary;

namespace Classroom.Media.Stun;

// RFC 5389 §7.3.1 and §15.2, RFC 8445 §7.3: an ICE-lite agent answers each valid Binding request
// with a success response carrying XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY (keyed by our password)
// and FINGERPRINT.

public static class StunWriter
{
    /// <summary>Bytes a binding success response needs at most (IPv6 address).</summary>
    public const int MaxBindingSuccessLength = StunHeader.Length + 4 + 20 + 4 + StunHeader.IntegrityLength + 4 + StunHeader.FingerprintLength;

    /// <summary>
    /// Writes a Binding success response into <paramref name="destination"/> and returns its length,
    /// or 0 when the buffer is too small or the address is not 4 or 16 bytes.
    /// </summary>
    public static int WriteBindingSuccess(Span<byte> destination, ReadOnlySpan<byte> transactionId, ReadOnlySpan<byte> address, int port, ReadOnlySpan<byte> key)
    {
        if (transactionId.Length != StunHeader.TransactionIdLength || (address.Length != 4 && address.Length != 16)) return 0;
        var total = StunHeader.Length + 4 + 4 + address.Length + 4 + StunHeader.IntegrityLength + 4 + StunHeader.FingerprintLength;
        if (destination.Length < total) return 0;

        BinaryPrimitives.WriteUInt16BigEndian(destination, StunMessageType.BindingSuccess);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], StunHeader.MagicCookie);
        transactionId.CopyTo(destination[StunHeader.TransactionIdOffset..]);

        var offset = StunHeader.Length;
        offset = WriteXorMappedAddress(destination, offset, transactionId, address, port);

        var integrity = offset;
        WriteAttributeHeader(destination, integrity, StunAttributeType.MessageIntegrity, StunHeader.IntegrityLength);
        StunIntegrity.Compute(destination[..integrity], key, destination.Slice(integrity + 4, StunHeader.IntegrityLength));
        offset = integrity + 4 + StunHeader.IntegrityLength;

        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(offset + 4 + StunHeader.FingerprintLength - StunHeader.Length));
        WriteAttributeHeader(destination, offset, StunAttributeType.Fingerprint, StunHeader.FingerprintLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 4)..], StunFingerprint.Compute(destination[..offset]));
        return offset + 4 + StunHeader.FingerprintLength;
    }

    /// <summary>
    /// Writes a Binding request as a controlling ICE agent sends it (RFC 8445 §7.2.2): USERNAME,
    /// PRIORITY, ICE-CONTROLLING, optionally USE-CANDIDATE, MESSAGE-INTEGRITY and FINGERPRINT.
    /// Returns the length, or 0 if it does not fit. Used by tests and tools that play the browser.
    /// </summary>
    public static int WriteBindingRequest(Span<byte> destination, ReadOnlySpan<byte> transactionId, ReadOnlySpan<byte> username, ReadOnlySpan<byte> key, bool useCandidate, ulong tieBreaker)
    {
        var usernamePadded = (username.Length + 3) & ~3;
        var total = StunHeader.Length + 4 + usernamePadded + 8 + 12 + (useCandidate ? 4 : 0) + 4 + StunHeader.IntegrityLength + 8;
        if (transactionId.Length != StunHeader.TransactionIdLength || username.Length > 512 || destination.Length < total) return 0;
        destination[..total].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(destination, StunMessageType.BindingRequest);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], StunHeader.MagicCookie);
        transactionId.CopyTo(destination[StunHeader.TransactionIdOffset..]);
        var offset = StunHeader.Length;
        WriteAttributeHeader(destination, offset, StunAttributeType.Username, username.Length);
        username.CopyTo(destination[(offset + 4)..]);
        offset += 4 + usernamePadded;
        WriteAttributeHeader(destination, offset, StunAttributeType.Priority, 4);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 4)..], 0x6E0001FF);
        offset += 8;
        WriteAttributeHeader(destination, offset, StunAttributeType.IceControlling, 8);
        BinaryPrimitives.WriteUInt64BigEndian(destination[(offset + 4)..], tieBreaker);
        offset += 12;
        if (useCandidate)
        {
            WriteAttributeHeader(destination, offset, StunAttributeType.UseCandidate, 0);
            offset += 4;
        }
        WriteAttributeHeader(destination, offset, StunAttributeType.MessageIntegrity, StunHeader.IntegrityLength);
        StunIntegrity.Compute(destination[..offset], key, destination.Slice(offset + 4, StunHeader.IntegrityLength));
        offset += 4 + StunHeader.IntegrityLength;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(offset + 8 - StunHeader.Length));
        WriteAttributeHeader(destination, offset, StunAttributeType.Fingerprint, StunHeader.FingerprintLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 4)..], StunFingerprint.Compute(destination[..offset]));
        return offset + 8;
    }

    /// <summary>Reads XOR-MAPPED-ADDRESS (§15.2) into <paramref name="address"/>; false if malformed.</summary>
    public static bool TryReadXorMappedAddress(ReadOnlySpan<byte> packet, in StunMessage message, Span<byte> address, out int addressLength, out int port)
    {
        addressLength = 0;
        port = 0;
        if (message.XorMappedAddressOffset < 0 || message.XorMappedAddressLength < 8) return false;
        var value = packet.Slice(message.XorMappedAddressOffset, message.XorMappedAddressLength);
        addressLength = value[1] switch { 1 => 4, 2 => 16, _ => 0 };
        if (addressLength == 0 || value.Length != 4 + addressLength || address.Length < addressLength) return false;
        port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (int)(StunHeader.MagicCookie >> 16);
        Span<byte> mask = stackalloc byte[16];
        XorMask(StunMessage.TransactionId(packet), mask);
        for (var i = 0; i < addressLength; i++) address[i] = (byte)(value[4 + i] ^ mask[i]);
        return true;
    }

    private static int WriteXorMappedAddress(Span<byte> destination, int offset, ReadOnlySpan<byte> transactionId, ReadOnlySpan<byte> address, int port)
    {
        WriteAttributeHeader(destination, offset, StunAttributeType.XorMappedAddress, (ushort)(4 + address.Length));
        var value = destination[(offset + 4)..];
        value[0] = 0;
        value[1] = address.Length == 4 ? (byte)1 : (byte)2;
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)(port ^ (int)(StunHeader.MagicCookie >> 16)));
        Span<byte> mask = stackalloc byte[16];
        XorMask(transactionId, mask);
        for (var i = 0; i < address.Length; i++) value[4 + i] = (byte)(address[i] ^ mask[i]);
        return offset + 4 + 4 + address.Length;
    }

    /// <summary>§15.2: addresses are XORed with the magic cookie followed by the transaction id.</summary>
    private static void XorMask(ReadOnlySpan<byte> transactionId, Span<byte> mask)
    {
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunHeader.MagicCookie);
        transactionId.CopyTo(mask[4..]);
    }

    private static void WriteAttributeHeader(Span<byte> destination, int offset, ushort type, int length)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], (ushort)length);
    }
}
