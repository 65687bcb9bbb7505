using System.Net;
using System.Net.Sockets;

namespace Classroom.Media.Transport.Udp;

/// <summary>One socket call per datagram, through the allocation-free <see cref="SocketAddress"/> overloads.</summary>
internal sealed class PortableBatchIo(Socket socket) : UdpBatchIo(socket)
{
    private readonly SocketAddress _from = new(socket.AddressFamily);
    private readonly SocketAddress _to = new(socket.AddressFamily);

    public override string Kind => "portable";

    public override int Receive(DatagramBatch batch, int timeoutMilliseconds)
    {
        batch.Clear();
        try
        {
            if (!Socket.Poll(timeoutMilliseconds * 1000, SelectMode.SelectRead)) return 0;
            var count = 0;
            do
            {
                var length = Socket.ReceiveFrom(batch.Payloads.AsSpan(count * DatagramBatch.SlotSize, DatagramBatch.SlotSize), SocketFlags.None, _from);
                _from.Buffer.Span[.._from.Size].CopyTo(batch.Addresses.AsSpan(count * DatagramBatch.AddressSlot));
                batch.SetReceived(count, length, _from.Size);
                count++;
            }
            while (count < batch.Capacity && Socket.Available > 0);
            batch.SetCount(count);
            return count;
        }
        catch (SocketException)
        {
            // ICMP port unreachable from a vanished peer surfaces on the next receive: not our socket's fault.
            return batch.Count;
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
    }

    public override int Send(DatagramBatch batch)
    {
        var sent = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var addressLength = batch.AddressLengthOf(i);
            batch.Addresses.AsSpan(i * DatagramBatch.AddressSlot, addressLength).CopyTo(_to.Buffer.Span);
            _to.Size = addressLength;
            try
            {
                Socket.SendTo(batch.Payloads.AsSpan(i * DatagramBatch.SlotSize, batch.LengthOf(i)), SocketFlags.None, _to);
                sent++;
            }
            catch (SocketException)
            {
                SendFailures++;
            }
            catch (ObjectDisposedException)
            {
                SendFailures += batch.Count - i;
                break;
            }
        }
        batch.Clear();
        return sent;
    }
}
