using System.Runtime.InteropServices;
using Classroom.Media.Transport.Tcp;

namespace Classroom.Media.Transport.Udp;

/// <summary>
/// The loop's wait: poll(2) on the UDP socket and, when the loop also carries ICE-TCP peers, on the
/// eventfd their readers signal (<see cref="LoopWake"/>), so a TCP frame is handled at once and not
/// after the idle timeout.
/// </summary>
internal sealed partial class MmsgBatchIo
{
    private readonly Native.PollFd[] _polls = new Native.PollFd[2];

    public override bool CanWake => true;

    /// <summary>True when datagrams wait on the socket; false on timeout, EINTR, a closed socket or a wake-up alone.</summary>
    private bool WaitReadable(int timeoutMilliseconds)
    {
        var wake = WakeHandle;
        _polls[0] = new Native.PollFd { Fd = _fd, Events = PollIn };
        _polls[1] = new Native.PollFd { Fd = wake, Events = PollIn };
        if (Native.PollMany(_polls, wake >= 0 ? 2u : 1u, timeoutMilliseconds) <= 0) return false;
        if (wake >= 0 && (_polls[1].Revents & PollIn) != 0) LoopWake.Clear(wake);
        return (_polls[0].Revents & PollIn) != 0;
    }

    private static partial class Native
    {
#pragma warning disable SYSLIB1054 // see MmsgBatchIo.Native
        [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
        internal static extern int PollMany([In, Out] PollFd[] fds, nuint count, int timeoutMilliseconds);
#pragma warning restore SYSLIB1054
    }
}
