using System.Buffers.Binary;

namespace Classroom.Media.Dtls;

// RFC 6347 §4.1 (record header: type, version, epoch, sequence number, length) and §4.2.2-§4.2.3
// (handshake header: msg_type, length, message_seq, fragment_offset, fragment_length; a message larger
// than the path MTU arrives in fragments). Chromium's ClientHello carries a post-quantum key share and
// no longer fits one datagram, while the stateless cookie check (DtlsVerifier) only reads a ClientHello
// whole in one record: this puts the fragments back together into such a record.

/// <summary>Reassembles one fragmented DTLS ClientHello at a time into a single-record datagram. Not thread-safe.</summary>
internal sealed class ClientHelloAssembler
{
    /// <summary>Bigger ClientHellos are ignored (a browser's is about 1.5 KB).</summary>
    public const int MaxLength = 8192;

    private const int RecordHeader = 13;
    private const int HandshakeHeader = 12;
    private const byte Handshake = 22;
    private const byte ClientHello = 1;

    private readonly byte[] _recordStart = new byte[11]; // type, version, epoch, sequence number of the latest fragment
    private byte[]? _body;
    private bool[]? _have;
    private int _length = -1;
    private int _messageSeq = -1;
    private int _filled;

    /// <summary>
    /// Takes one datagram; returns a datagram holding the whole ClientHello unfragmented in one record
    /// once every byte of it has arrived, else null (not a ClientHello, or fragments still missing).
    /// </summary>
    public byte[]? Add(ReadOnlySpan<byte> datagram)
    {
        var offset = 0;
        while (datagram.Length - offset >= RecordHeader)
        {
            var header = datagram.Slice(offset, RecordHeader);
            var recordLength = BinaryPrimitives.ReadUInt16BigEndian(header[11..]);
            if (datagram.Length - offset - RecordHeader < recordLength) return null;
            var record = datagram.Slice(offset + RecordHeader, recordLength);
            offset += RecordHeader + recordLength;
            var epoch = BinaryPrimitives.ReadUInt16BigEndian(header[3..]);
            if (header[0] != Handshake || epoch != 0 || record.Length < HandshakeHeader || record[0] != ClientHello) continue;
            if (AddFragment(header, record) is { } whole) return whole;
        }
        return null;
    }

    private byte[]? AddFragment(ReadOnlySpan<byte> header, ReadOnlySpan<byte> record)
    {
        var length = ReadUInt24(record[1..]);
        var messageSeq = BinaryPrimitives.ReadUInt16BigEndian(record[4..]);
        var fragmentOffset = ReadUInt24(record[6..]);
        var fragmentLength = ReadUInt24(record[9..]);
        if (length > MaxLength || fragmentOffset + fragmentLength > length || HandshakeHeader + fragmentLength > record.Length) return null;
        if (length != _length || messageSeq != _messageSeq)
        {
            // Another ClientHello (a retransmission with the cookie, or someone else's): start over.
            _body ??= new byte[MaxLength];
            _have ??= new bool[MaxLength];
            Array.Clear(_have, 0, Math.Max(0, _length));
            _length = length;
            _messageSeq = messageSeq;
            _filled = 0;
        }
        record.Slice(HandshakeHeader, fragmentLength).CopyTo(_body.AsSpan(fragmentOffset));
        for (var i = fragmentOffset; i < fragmentOffset + fragmentLength; i++)
        {
            if (_have![i]) continue;
            _have[i] = true;
            _filled++;
        }
        header[..11].CopyTo(_recordStart);
        if (_filled < _length) return null;

        var whole = new byte[RecordHeader + HandshakeHeader + length];
        _recordStart.CopyTo(whole, 0);
        BinaryPrimitives.WriteUInt16BigEndian(whole.AsSpan(11), (ushort)(HandshakeHeader + length));
        var message = whole.AsSpan(RecordHeader);
        message[0] = ClientHello;
        WriteUInt24(message[1..], length);
        BinaryPrimitives.WriteUInt16BigEndian(message[4..], (ushort)messageSeq);
        WriteUInt24(message[6..], 0);
        WriteUInt24(message[9..], length);
        _body.AsSpan(0, length).CopyTo(message[HandshakeHeader..]);
        Array.Clear(_have!, 0, _length);
        _length = -1;
        _messageSeq = -1;
        _filled = 0;
        return whole;
    }

    private static int ReadUInt24(ReadOnlySpan<byte> bytes) => (bytes[0] << 16) | (bytes[1] << 8) | bytes[2];

    private static void WriteUInt24(Span<byte> bytes, int value)
    {
        bytes[0] = (byte)(value >> 16);
        bytes[1] = (byte)(value >> 8);
        bytes[2] = (byte)value;
    }
}
