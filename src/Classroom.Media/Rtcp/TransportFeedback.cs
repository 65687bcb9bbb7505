using System.Buffers.Binary;

namespace Classroom.Media.Rtcp;

// draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: transport-wide feedback, RTPFB (PT=205)
// with FMT=15. The receiver reports, for a run of transport-wide sequence numbers (the header
// extension the sender stamps on every packet of the transport, whatever its SSRC), whether each
// arrived and when, so the SENDER can run the congestion controller (it knows the send times).
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|  FMT=15 |    PT=205     |           length              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                     SSRC of packet sender                     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      SSRC of media source                     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      base sequence number     |      packet status count      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                 reference time                | fb pkt. count |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          packet chunk         |         packet chunk          |
// .                                                               .
// |         packet chunk          |  recv delta   |  recv delta   |
// .                                                               .
// |           recv delta          |  recv delta   | zero padding  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// reference time: signed 24 bits, in 64 ms. Chunks (16 bits): a run length chunk is 0|S(2)|run(13);
// a status vector chunk is 1|0|14 one-bit symbols (0 lost, 1 small delta) or 1|1|7 two-bit symbols.
// Symbols: 00 not received, 01 received with a 1-byte delta, 10 received with a signed 2-byte delta,
// 11 reserved. Deltas are in 250 µs, each from the previous arrival (the first from the reference).

/// <summary>One transport-wide feedback packet; its results are read through the packet bytes.</summary>
public readonly ref struct TransportFeedback
{
    public const byte Format = 15;

    /// <summary>Most packets one feedback may describe: what the relay accepts and writes (a 16-bit count allows more).</summary>
    public const int MaxStatusCount = 2048;

    public const int DeltaMicroseconds = 250;
    public const int ReferenceMicroseconds = 64_000;

    private const int FixedSize = RtcpFraming.FeedbackHeaderSize + 8;

    public uint SenderSsrc { get; init; }
    public uint MediaSsrc { get; init; }
    public ushort BaseSequence { get; init; }
    public int StatusCount { get; init; }

    /// <summary>Signed 24-bit reference time in 64 ms units.</summary>
    public int ReferenceTime { get; init; }
    public byte FeedbackCount { get; init; }

    /// <summary>The packet chunks and recv deltas (validated by <see cref="TryParse"/>).</summary>
    private ReadOnlySpan<byte> Body { get; init; }

    /// <summary>Every reported packet in sequence order, with its arrival time when it arrived.</summary>
    public ResultEnumerator Results => new(this, Body);

    public static bool TryParse(ReadOnlySpan<byte> packet, out TransportFeedback feedback)
    {
        feedback = default;
        if (!RtcpFraming.TryOpenFeedback(packet, RtcpPacketType.TransportFeedback, Format, out var sender, out var media, out var fci)
            || fci.Length < 8)
        {
            return false;
        }
        var count = BinaryPrimitives.ReadUInt16BigEndian(fci[2..]);
        if (count == 0 || count > MaxStatusCount) return false;
        var reference = (fci[4] << 16 | fci[5] << 8 | fci[6]) << 8 >> 8; // sign-extend 24 bits
        var body = fci[8..];
        if (!Validate(body, count)) return false;
        feedback = new TransportFeedback
        {
            SenderSsrc = sender,
            MediaSsrc = media,
            BaseSequence = BinaryPrimitives.ReadUInt16BigEndian(fci),
            StatusCount = count,
            ReferenceTime = reference,
            FeedbackCount = fci[7],
            Body = body,
        };
        return true;
    }

    /// <summary>Walks the chunks once: every symbol must be known and every delta present.</summary>
    private static bool Validate(ReadOnlySpan<byte> body, int count)
    {
        int offset = 0, described = 0, deltaBytes = 0;
        while (described < count)
        {
            if (offset + 2 > body.Length) return false;
            var chunk = BinaryPrimitives.ReadUInt16BigEndian(body[offset..]);
            offset += 2;
            var symbols = Math.Min(SymbolsIn(chunk), count - described);
            if (symbols == 0) return false;
            for (var i = 0; i < symbols; i++)
            {
                var symbol = SymbolAt(chunk, i);
                if (symbol == 3) return false;
                deltaBytes += symbol;
            }
            described += symbols;
        }
        return offset + deltaBytes <= body.Length;
    }

    private static int SymbolsIn(ushort chunk) => (chunk & 0x8000) == 0 ? chunk & 0x1FFF : (chunk & 0x4000) == 0 ? 14 : 7;

    /// <summary>The i-th symbol of a chunk: 0 lost, 1 small delta, 2 large delta, 3 reserved.</summary>
    private static int SymbolAt(ushort chunk, int i)
    {
        if ((chunk & 0x8000) == 0) return chunk >> 13 & 0x3;
        if ((chunk & 0x4000) == 0) return chunk >> (13 - i) & 0x1;
        return chunk >> (12 - 2 * i) & 0x3;
    }

    /// <summary>One reported packet: its transport-wide number and, if it arrived, when (µs on the receiver's clock).</summary>
    public readonly record struct Result(ushort Sequence, bool Received, long ArrivalMicroseconds);

    /// <summary>Enumerates results without allocating.</summary>
    public ref struct ResultEnumerator
    {
        private readonly ReadOnlySpan<byte> _body;
        private readonly ushort _base;
        private readonly int _count;
        private int _index;
        private int _chunkOffset;
        private int _deltaOffset;
        private ushort _chunk;
        private int _inChunk;
        private int _chunkSymbols;
        private long _arrival;

        internal ResultEnumerator(TransportFeedback feedback, ReadOnlySpan<byte> body)
        {
            _body = body;
            _base = feedback.BaseSequence;
            _count = feedback.StatusCount;
            _arrival = (long)feedback.ReferenceTime * ReferenceMicroseconds;
            // Deltas follow the last chunk needed for the count.
            int offset = 0, described = 0;
            while (described < _count)
            {
                var chunk = BinaryPrimitives.ReadUInt16BigEndian(body[offset..]);
                offset += 2;
                described += Math.Min(SymbolsIn(chunk), _count - described);
            }
            _deltaOffset = offset;
            _index = -1;
        }

        public Result Current { get; private set; }

        public readonly ResultEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (++_index >= _count) return false;
            if (_inChunk >= _chunkSymbols)
            {
                _chunk = BinaryPrimitives.ReadUInt16BigEndian(_body[_chunkOffset..]);
                _chunkOffset += 2;
                _chunkSymbols = SymbolsIn(_chunk);
                _inChunk = 0;
            }
            var symbol = SymbolAt(_chunk, _inChunk++);
            var sequence = (ushort)(_base + _index);
            if (symbol == 0)
            {
                Current = new Result(sequence, false, 0);
                return true;
            }
            long delta = symbol == 1 ? _body[_deltaOffset] : BinaryPrimitives.ReadInt16BigEndian(_body[_deltaOffset..]);
            _deltaOffset += symbol;
            _arrival += delta * DeltaMicroseconds;
            Current = new Result(sequence, true, _arrival);
            return true;
        }
    }

    /// <summary>
    /// Writes feedback for <paramref name="arrivals"/> (µs on the relay's clock; negative: not received),
    /// the first being <paramref name="baseSequence"/>; at least one must have arrived (losses before it are
    /// reported too). Returns the bytes written, or 0 when it does not fit or a delta is out of range.
    /// </summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ushort baseSequence, byte feedbackCount, ReadOnlySpan<long> arrivals)
    {
        if (arrivals.IsEmpty || arrivals.Length > MaxStatusCount || destination.Length < FixedSize) return 0;
        long firstArrival = -1;
        foreach (var arrival in arrivals)
        {
            if (arrival < 0) continue;
            firstArrival = arrival;
            break;
        }
        if (firstArrival < 0) return 0;
        var reference = firstArrival / ReferenceMicroseconds;
        var fci = destination[RtcpFraming.FeedbackHeaderSize..];
        BinaryPrimitives.WriteUInt16BigEndian(fci, baseSequence);
        BinaryPrimitives.WriteUInt16BigEndian(fci[2..], (ushort)arrivals.Length);
        fci[4] = (byte)(reference >> 16);
        fci[5] = (byte)(reference >> 8);
        fci[6] = (byte)reference;
        fci[7] = feedbackCount;

        // Symbols first (they decide the chunk layout), then chunks, then deltas.
        Span<byte> symbols = stackalloc byte[MaxStatusCount];
        var last = reference * ReferenceMicroseconds;
        var deltaBytes = 0;
        for (var i = 0; i < arrivals.Length; i++)
        {
            if (arrivals[i] < 0)
            {
                symbols[i] = 0;
                continue;
            }
            var delta = (arrivals[i] - last) / DeltaMicroseconds;
            if (delta is < short.MinValue or > short.MaxValue) return 0;
            symbols[i] = delta is >= 0 and <= 255 ? (byte)1 : (byte)2;
            deltaBytes += symbols[i];
            last += delta * DeltaMicroseconds; // what the receiver will reconstruct, so errors don't add up
        }
        var offset = 8;
        var n = arrivals.Length;
        for (var i = 0; i < n;)
        {
            if (offset + 2 > fci.Length) return 0;
            var run = 1;
            while (i + run < n && symbols[i + run] == symbols[i] && run < 0x1FFF) run++;
            ushort chunk;
            if (run >= 7 || i + run == n)
            {
                chunk = (ushort)(symbols[i] << 13 | run);
                i += run;
            }
            else
            {
                chunk = 0xC000;
                for (var k = 0; k < 7; k++) chunk |= (ushort)((i + k < n ? symbols[i + k] : 0) << (12 - 2 * k));
                i += 7;
            }
            BinaryPrimitives.WriteUInt16BigEndian(fci[offset..], chunk);
            offset += 2;
        }
        if (offset + deltaBytes > fci.Length) return 0;
        last = reference * ReferenceMicroseconds;
        for (var i = 0; i < n; i++)
        {
            if (symbols[i] == 0) continue;
            var delta = (arrivals[i] - last) / DeltaMicroseconds;
            last += delta * DeltaMicroseconds;
            if (symbols[i] == 1) fci[offset++] = (byte)delta;
            else
            {
                BinaryPrimitives.WriteInt16BigEndian(fci[offset..], (short)delta);
                offset += 2;
            }
        }
        while (offset % 4 != 0) fci[offset++] = 0;
        var total = RtcpFraming.FeedbackHeaderSize + offset;
        RtcpFraming.WriteFeedbackHeader(destination, Format, RtcpPacketType.TransportFeedback, total, senderSsrc, mediaSsrc);
        return total;
    }
}
