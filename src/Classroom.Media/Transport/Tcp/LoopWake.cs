using System.Runtime.InteropServices;

namespace Classroom.Media.Transport.Tcp;

/// <summary>
/// Wakes a receive loop asleep in poll(2) when ICE-TCP frames were posted for it: a Linux eventfd the
/// batched UDP path polls beside its socket (<see cref="Udp.UdpBatchIo.WakeHandle"/>). Written only
/// when the loop's inbox goes from empty to not, so a burst costs one system call. Null where eventfd
/// is missing: there the loop polls with a short timeout instead once TCP frames have come to it.
/// </summary>
internal sealed partial class LoopWake : IDisposable
{
    private const int EfdNonBlock = 0x800;
    private const int EfdCloexec = 0x80000;
    private int _fd;

    private LoopWake(int fd) => _fd = fd;

    public int Handle => _fd;

    public static LoopWake? TryCreate()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            var fd = Native.EventFd(0, EfdNonBlock | EfdCloexec);
            return fd >= 0 ? new LoopWake(fd) : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>From any thread: the loop's next (or current) poll returns.</summary>
    public void Signal()
    {
        ulong one = 1;
        if (_fd >= 0) Native.Write(_fd, ref one, 8);
    }

    /// <summary>On the loop, after poll said the eventfd is readable: resets it (non-blocking).</summary>
    public static void Clear(int fd)
    {
        ulong value = 0;
        Native.Read(fd, ref value, 8);
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) _ = Native.Close(fd);
    }

    private static class Native
    {
#pragma warning disable SYSLIB1054 // as in MmsgBatchIo: blittable signatures, no unsafe code in this assembly
        [DllImport("libc", EntryPoint = "eventfd", SetLastError = true)]
        internal static extern int EventFd(uint initial, int flags);

        [DllImport("libc", EntryPoint = "write", SetLastError = true)]
        internal static extern nint Write(int fd, ref ulong value, nint count);

        [DllImport("libc", EntryPoint = "read", SetLastError = true)]
        internal static extern nint Read(int fd, ref ulong value, nint count);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        internal static extern int Close(int fd);
#pragma warning restore SYSLIB1054
    }
}
