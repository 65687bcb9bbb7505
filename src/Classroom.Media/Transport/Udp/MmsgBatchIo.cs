using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Classroom.Media.Transport.Udp;

/// <summary>
/// Linux <c>recvmmsg(2)</c>/<c>sendmmsg(2)</c>: one system call moves a whole batch. The
/// <c>struct mmsghdr</c> and <c>struct iovec</c> arrays live in pinned arrays written field by field
/// (the x86-64 and arm64 LP64 layouts below), pointing into the batch's own pinned slots.
/// </summary>
internal sealed partial class MmsgBatchIo : UdpBatchIo
{
    // struct iovec { void *iov_base; size_t iov_len; }
    private const int IovSize = 16;

    // struct msghdr { void *msg_name; socklen_t msg_namelen; struct iovec *msg_iov; size_t msg_iovlen;
    //                 void *msg_control; size_t msg_controllen; int msg_flags; }  (56 bytes with padding)
    // struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; }            (64 bytes with padding)
    private const int HeaderSize = 64;
    private const int NameOffset = 0;
    private const int NameLengthOffset = 8;
    private const int IovOffset = 16;
    private const int IovLengthOffset = 24;
    private const int MessageLengthOffset = 56;

    private const int MsgDontWait = 0x40;
    private const short PollIn = 0x1;
    private const int EAgain = 11;
    private const int EIntr = 4;
    private const int ENoBufs = 105;

    private readonly int _fd;
    private readonly int _maxBatch;
    private readonly byte[] _headers;
    private readonly byte[] _iovs;
    private readonly nint _headersAddress;
    private readonly nint _iovsAddress;

    private MmsgBatchIo(Socket socket, int maxBatch) : base(socket)
    {
        _fd = (int)socket.SafeHandle.DangerousGetHandle();
        _maxBatch = maxBatch;
        _headers = GC.AllocateArray<byte>(maxBatch * HeaderSize, pinned: true);
        _iovs = GC.AllocateArray<byte>(maxBatch * IovSize, pinned: true);
        _headersAddress = Marshal.UnsafeAddrOfPinnedArrayElement(_headers, 0);
        _iovsAddress = Marshal.UnsafeAddrOfPinnedArrayElement(_iovs, 0);
    }

    public override string Kind => "recvmmsg/sendmmsg";

    /// <summary>Null when this libc or kernel lacks the calls (or the pointer size is not 64-bit): the caller goes portable.</summary>
    internal static MmsgBatchIo? TryCreate(Socket socket, int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        if (IntPtr.Size != 8) return null;
        var io = new MmsgBatchIo(socket, maxBatch);
        try
        {
            // A non-blocking receive of nothing: EAGAIN proves both the symbol and the system call.
            var result = Native.RecvMmsg(io._fd, io._headersAddress, 0, MsgDontWait, 0);
            return result >= 0 || Marshal.GetLastPInvokeError() is EAgain or 22 /* EINVAL for vlen 0 */ ? io : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    public override int Receive(DatagramBatch batch, int timeoutMilliseconds)
    {
        batch.Clear();
        var slots = Math.Min(batch.Capacity, _maxBatch);
        if (!WaitReadable(timeoutMilliseconds)) return 0; // timeout, EINTR, a closed socket, or only a wake-up (MmsgBatchIo.Wake.cs)
        for (var i = 0; i < slots; i++)
        {
            var header = _headers.AsSpan(i * HeaderSize, HeaderSize);
            WritePointer(header[NameOffset..], batch.AddressAddress(i));
            BinaryPrimitives.WriteUInt32LittleEndian(header[NameLengthOffset..], DatagramBatch.AddressSlot);
            WritePointer(header[IovOffset..], _iovsAddress + i * IovSize);
            BinaryPrimitives.WriteUInt64LittleEndian(header[IovLengthOffset..], 1);
            header[32..].Clear(); // no control data, flags and msg_len zero
            var iov = _iovs.AsSpan(i * IovSize, IovSize);
            WritePointer(iov, batch.PayloadAddress(i));
            BinaryPrimitives.WriteUInt64LittleEndian(iov[8..], DatagramBatch.SlotSize);
        }
        int count;
        do count = Native.RecvMmsg(_fd, _headersAddress, (uint)slots, MsgDontWait, 0);
        while (count < 0 && Marshal.GetLastPInvokeError() == EIntr);
        if (count <= 0) return 0;
        for (var i = 0; i < count; i++)
        {
            var header = _headers.AsSpan(i * HeaderSize, HeaderSize);
            batch.SetReceived(i,
                (int)BinaryPrimitives.ReadUInt32LittleEndian(header[MessageLengthOffset..]),
                (int)BinaryPrimitives.ReadUInt32LittleEndian(header[NameLengthOffset..]));
        }
        batch.SetCount(count);
        return count;
    }

    public override int Send(DatagramBatch batch)
    {
        var total = batch.Count;
        var sent = 0;
        var next = 0;
        while (next < total)
        {
            var slots = Math.Min(total - next, _maxBatch);
            for (var i = 0; i < slots; i++)
            {
                var slot = next + i;
                var header = _headers.AsSpan(i * HeaderSize, HeaderSize);
                WritePointer(header[NameOffset..], batch.AddressAddress(slot));
                BinaryPrimitives.WriteUInt32LittleEndian(header[NameLengthOffset..], (uint)batch.AddressLengthOf(slot));
                WritePointer(header[IovOffset..], _iovsAddress + i * IovSize);
                BinaryPrimitives.WriteUInt64LittleEndian(header[IovLengthOffset..], 1);
                header[32..].Clear();
                var iov = _iovs.AsSpan(i * IovSize, IovSize);
                WritePointer(iov, batch.PayloadAddress(slot));
                BinaryPrimitives.WriteUInt64LittleEndian(iov[8..], (ulong)batch.LengthOf(slot));
            }
            var result = Native.SendMmsg(_fd, _headersAddress, (uint)slots, MsgDontWait);
            if (result < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error == EIntr) continue;
                // A full send buffer stays full for the next call too: the rest of the batch is lost
                // at once, as a full queue on the wire would lose it, instead of one failing call per datagram.
                if (error is EAgain or ENoBufs || Socket.SafeHandle.IsInvalid || Socket.SafeHandle.IsClosed)
                {
                    SendFailures += total - next;
                    break;
                }
                // Anything else (an ICMP error reported for one destination) costs only the datagram it names.
                SendFailures++;
                next++;
                continue;
            }
            sent += result;
            next += result;
        }
        batch.Clear();
        return sent;
    }

    private static void WritePointer(Span<byte> field, nint pointer) => BinaryPrimitives.WriteInt64LittleEndian(field, pointer);

    private static partial class Native
    {
        [StructLayout(LayoutKind.Sequential)]
        internal struct PollFd
        {
            public int Fd;
            public short Events;
            public short Revents;
        }

        // Blittable signatures only, so no marshalling stub and no unsafe code: the buffers are pinned arrays.
#pragma warning disable SYSLIB1054 // LibraryImport's generator needs unsafe blocks, which this assembly does not allow
        [DllImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
        internal static extern int RecvMmsg(int fd, nint messages, uint count, int flags, nint timeout);

        [DllImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
        internal static extern int SendMmsg(int fd, nint messages, uint count, int flags);
#pragma warning restore SYSLIB1054
    }
}
