using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Classroom.LinkEmulator;

/// <summary>
/// One direction of one TCP connection: a reader takes up to one chunk from the source socket, asks the
/// shaper for its departure time and queues it; a writer sends each chunk to the destination when it is
/// due. The queue between them is bounded, and the reader also holds back while the bottleneck queue is
/// over its limit, so a fast sender is slowed by TCP's own flow control rather than by our memory.
/// End of stream travels as an empty chunk, so the FIN leaves after the last byte. Any failure (reset,
/// cancellation) aborts the whole connection through <c>abort</c>, which turns into a reset on both sides.
/// </summary>
internal sealed class TcpStreamPump(
    Socket source,
    Socket destination,
    LinkShaper shaper,
    LinkClock clock,
    LinkOutages outages,
    int chunkBytes,
    int queueCapacity,
    Action abort)
{
    // Departures closer than this are sent at once: the timer could not wait a shorter time anyway.
    private static readonly TimeSpan DueTolerance = TimeSpan.FromMilliseconds(1);

    public async Task RunAsync(CancellationToken stop)
    {
        var queue = Channel.CreateBounded<StreamChunk>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        try
        {
            await Task.WhenAll(ReadAsync(queue.Writer, stop), WriteAsync(queue.Reader, stop)).ConfigureAwait(false);
        }
        finally
        {
            while (queue.Reader.TryRead(out var chunk))
                chunk.Release();
        }
    }

    private async Task ReadAsync(ChannelWriter<StreamChunk> output, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                var hold = shaper.StreamAdmissionDelay(clock.Now);
                if (hold > TimeSpan.Zero)
                    await Task.Delay(hold, clock.Time, stop).ConfigureAwait(false);
                var buffer = ArrayPool<byte>.Shared.Rent(chunkBytes);
                var chunk = StreamChunk.End(TimeSpan.Zero);
                try
                {
                    var read = await source.ReceiveAsync(buffer.AsMemory(0, chunkBytes), SocketFlags.None, stop).ConfigureAwait(false);
                    chunk = new StreamChunk(read == 0 ? null : buffer, read, shaper.ShapeStream(clock.Now, read));
                    await output.WriteAsync(chunk, stop).ConfigureAwait(false);
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    throw;
                }
                if (chunk.IsEnd)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    output.TryComplete();
                    return;
                }
            }
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            output.TryComplete();
            abort();
        }
    }

    private async Task WriteAsync(ChannelReader<StreamChunk> input, CancellationToken stop)
    {
        try
        {
            while (await input.WaitToReadAsync(stop).ConfigureAwait(false))
            {
                while (input.TryRead(out var chunk))
                {
                    try
                    {
                        await WaitUntilDueAsync(chunk.Departure, stop).ConfigureAwait(false);
                        if (chunk.IsEnd)
                        {
                            destination.Shutdown(SocketShutdown.Send);
                            return;
                        }
                        for (var sent = 0; sent < chunk.Length;)
                            sent += await destination.SendAsync(chunk.Buffer.AsMemory(sent, chunk.Length - sent), SocketFlags.None, stop).ConfigureAwait(false);
                        shaper.Counters.AddForwarded(chunk.Length);
                    }
                    finally
                    {
                        chunk.Release();
                    }
                }
            }
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            abort();
        }
    }

    /// <summary>Waits for the chunk's departure, and past it while the link is down (a stall: bytes are held, not lost).</summary>
    private async Task WaitUntilDueAsync(TimeSpan departure, CancellationToken stop)
    {
        while (true)
        {
            var now = clock.Now;
            if (departure - now > DueTolerance)
                await Task.Delay(departure - now, clock.Time, stop).ConfigureAwait(false);
            else if (outages.IsDown(now, out var upAt))
                await Task.Delay(upAt - now, clock.Time, stop).ConfigureAwait(false);
            else
                return;
        }
    }

    private static bool IsConnectionEnd(Exception e) =>
        e is SocketException or ObjectDisposedException or OperationCanceledException or ChannelClosedException;

    /// <summary>Bytes read from the source with their departure time; no buffer means end of stream.</summary>
    private readonly record struct StreamChunk(byte[]? Buffer, int Length, TimeSpan Departure)
    {
        public bool IsEnd => Buffer is null;

        public static StreamChunk End(TimeSpan departure) => new(null, 0, departure);

        public void Release()
        {
            if (Buffer is not null)
                ArrayPool<byte>.Shared.Return(Buffer);
        }
    }
}
