namespace Classroom.Media.Rtcp;

/// <summary>
/// The repeated elements of one packet, either decoded lazily from the received bytes (nothing is
/// copied on parse) or given as values by a sender that is about to write a packet.
/// </summary>
public readonly ref struct RtcpItemList<T>
    where T : struct, IRtcpItem<T>
{
    private readonly ReadOnlySpan<byte> wire;
    private readonly ReadOnlySpan<T> items;

    /// <summary>A list of values to be written.</summary>
    public RtcpItemList(ReadOnlySpan<T> items)
    {
        this.items = items;
    }

    /// <summary>Wire bytes whose length the caller has checked to be a multiple of the element size.</summary>
    internal RtcpItemList(ReadOnlySpan<byte> wire, bool fromWire)
    {
        _ = fromWire;
        this.wire = wire;
    }

    public int Count => items.Length + wire.Length / T.WireSize;

    public int ByteLength => Count * T.WireSize;

    public T this[int index]
    {
        get
        {
            if (!items.IsEmpty) return items[index];
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            return T.Read(wire.Slice(index * T.WireSize, T.WireSize));
        }
    }

    /// <summary>Writes every element back to back; the destination holds at least <see cref="ByteLength"/> bytes.</summary>
    internal void WriteTo(Span<byte> destination)
    {
        if (!wire.IsEmpty)
        {
            wire.CopyTo(destination);
            return;
        }

        for (var i = 0; i < items.Length; i++)
        {
            items[i].Write(destination.Slice(i * T.WireSize, T.WireSize));
        }
    }

    public Enumerator GetEnumerator() => new(this);

    public ref struct Enumerator
    {
        private readonly RtcpItemList<T> list;
        private int index;

        internal Enumerator(RtcpItemList<T> list)
        {
            this.list = list;
            index = -1;
        }

        public readonly T Current => list[index];

        public bool MoveNext() => ++index < list.Count;
    }
}
