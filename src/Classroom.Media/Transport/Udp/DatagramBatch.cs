using System.Runtime.InteropServices;

namespace Classroom.Media.Transport.Udp;

/// <summary>
/// A fixed set of datagram slots, each a payload buffer, a length and an address, allocated once on
/// the pinned heap so the kernel can fill or read them all in one <c>recvmmsg</c>/<c>sendmmsg</c>
/// call and nothing is copied or allocated per packet. A receive batch is filled by
/// <see cref="UdpBatchIo.Receive"/>; a send batch is filled with <see cref="TryAdd"/> (or
/// <see cref="Reserve"/> + <see cref="Commit"/> to build a packet in place) and emptied by
/// <see cref="UdpBatchIo.Send"/>. One batch belongs to one loop: it is not thread-safe.
/// </summary>
public sealed class DatagramBatch
{
    /// <summary>Room for any datagram the relay accepts or sends (a 1,500-byte MTU plus margin).</summary>
    public const int SlotSize = 2048;

    /// <summary>A <c>struct sockaddr_storage</c>: what the kernel may write for a source address.</summary>
    internal const int AddressSlot = 128;

    private readonly byte[] _payloads;
    private readonly byte[] _addresses;
    private readonly int[] _lengths;
    private readonly int[] _addressLengths;

    public DatagramBatch(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1024);
        Capacity = capacity;
        _payloads = GC.AllocateArray<byte>(capacity * SlotSize, pinned: true);
        _addresses = GC.AllocateArray<byte>(capacity * AddressSlot, pinned: true);
        _lengths = new int[capacity];
        _addressLengths = new int[capacity];
    }

    public int Capacity { get; }

    /// <summary>Datagrams in the batch: received ones, or ones waiting to be sent.</summary>
    public int Count { get; private set; }

    public bool IsFull => Count == Capacity;

    /// <summary>The payload of datagram <paramref name="index"/>, writable (decryption happens in place).</summary>
    public Span<byte> Payload(int index) => _payloads.AsSpan(CheckedIndex(index) * SlotSize, _lengths[index]);

    /// <summary>The peer's address of datagram <paramref name="index"/>; false when the kernel gave one we do not speak.</summary>
    public bool TryGetAddress(int index, out UdpAddress address) =>
        UdpAddress.TryRead(_addresses.AsSpan(CheckedIndex(index) * AddressSlot, _addressLengths[index]), out address);

    /// <summary>Copies one datagram for <paramref name="to"/> into the next slot; false when full or too large.</summary>
    public bool TryAdd(ReadOnlySpan<byte> datagram, in UdpAddress to, System.Net.Sockets.AddressFamily socketFamily)
    {
        if (datagram.Length > SlotSize || !TryReserveAddress(to, socketFamily)) return false;
        datagram.CopyTo(_payloads.AsSpan(Count * SlotSize));
        _lengths[Count] = datagram.Length;
        Count++;
        return true;
    }

    /// <summary>The next free slot's whole buffer to build a datagram in; empty when the batch is full.</summary>
    public Span<byte> Reserve() => IsFull ? [] : _payloads.AsSpan(Count * SlotSize, SlotSize);

    /// <summary>Queues what was built in <see cref="Reserve"/>'s buffer; false when full or the address does not fit the socket.</summary>
    public bool Commit(int length, in UdpAddress to, System.Net.Sockets.AddressFamily socketFamily)
    {
        if ((uint)length > SlotSize || !TryReserveAddress(to, socketFamily)) return false;
        _lengths[Count] = length;
        Count++;
        return true;
    }

    public void Clear() => Count = 0;

    internal byte[] Payloads => _payloads;
    internal byte[] Addresses => _addresses;

    internal int LengthOf(int index) => _lengths[index];
    internal int AddressLengthOf(int index) => _addressLengths[index];

    /// <summary>Records what the kernel (or the portable path) put into slot <paramref name="index"/>.</summary>
    internal void SetReceived(int index, int length, int addressLength)
    {
        _lengths[index] = length;
        _addressLengths[index] = addressLength;
    }

    internal void SetCount(int count) => Count = count;

    internal nint PayloadAddress(int index) => Marshal.UnsafeAddrOfPinnedArrayElement(_payloads, index * SlotSize);

    internal nint AddressAddress(int index) => Marshal.UnsafeAddrOfPinnedArrayElement(_addresses, index * AddressSlot);

    private bool TryReserveAddress(in UdpAddress to, System.Net.Sockets.AddressFamily socketFamily)
    {
        if (IsFull) return false;
        var written = to.Write(_addresses.AsSpan(Count * AddressSlot, AddressSlot), socketFamily);
        _addressLengths[Count] = written;
        return written > 0;
    }

    private int CheckedIndex(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
        return index;
    }
}
