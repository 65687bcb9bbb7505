using System.Buffers.Binary;
using System.Text;
using Classroom.Media.Stun;

namespace Classroom.Media.Tests.Ice;

/// <summary>Builds Binding requests as a controlling browser sends them (test side only).</summary>
internal static class BindingRequests
{
    public static byte[] Create(string username, byte[] key, bool useCandidate = true, bool controlling = true, bool fingerprint = true)
    {
        var buffer = new byte[256];
        BinaryPrimitives.WriteUInt16BigEndian(buffer, StunMessageType.BindingRequest);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), StunHeader.MagicCookie);
        Random.Shared.NextBytes(buffer.AsSpan(8, 12));
        var offset = 20;
        var user = Encoding.ASCII.GetBytes(username);
        offset = Attribute(buffer, offset, StunAttributeType.Username, user);
        offset = Attribute(buffer, offset, StunAttributeType.Priority, [0x6e, 0x00, 0x01, 0xff]);
        offset = Attribute(buffer, offset, controlling ? StunAttributeType.IceControlling : StunAttributeType.IceControlled, new byte[8]);
        if (useCandidate) offset = Attribute(buffer, offset, StunAttributeType.UseCandidate, []);
        var integrity = offset;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset), StunAttributeType.MessageIntegrity);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset + 2), 20);
        StunIntegrity.Compute(buffer.AsSpan(0, integrity), key, buffer.AsSpan(integrity + 4, 20));
        offset = integrity + 24;
        if (fingerprint)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)(offset + 8 - 20));
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset), StunAttributeType.Fingerprint);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset + 2), 4);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(offset + 4), StunFingerprint.Compute(buffer.AsSpan(0, offset)));
            offset += 8;
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)(offset - 20));
        }
        return buffer.AsSpan(0, offset).ToArray();
    }

    private static int Attribute(byte[] buffer, int offset, ushort type, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset), type);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset + 2), (ushort)value.Length);
        value.CopyTo(buffer.AsSpan(offset + 4));
        return offset + 4 + ((value.Length + 3) & ~3);
    }
}
