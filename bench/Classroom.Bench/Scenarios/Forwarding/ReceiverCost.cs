using System.Buffers.Binary;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Classroom.Bench.Media;
using Classroom.Bench.Reporting;
using Classroom.Testing.Media;
using Classroom.Testing.Servers;

namespace Classroom.Bench.Scenarios.Forwarding;

/// <summary>
/// What the forwarding scenario's receivers cost the machine, without a forwarder in between: N pairs
/// of synthetic browsers connected to each other over loopback (real ICE, DTLS, SRTP), one thread
/// sending each pair's 1,000-byte packets at a fixed rate, each receiver feeding a
/// <see cref="ReceiverTally"/>. The bench process's CPU minus the sending thread's, per received
/// packet, for each share of packets decrypted. Run it pinned (taskset -c 0) to see the cost on the
/// core the clients get with <c>forwarding --client-cores 0</c>.
/// </summary>
public static class ReceiverCost
{
    public static Command Create()
    {
        var pairs = new Option<int>("--pairs") { Description = "Sender/receiver pairs.", DefaultValueFactory = _ => 20 };
        var rate = new Option<int>("--rate") { Description = "Packets per second each sender sends.", DefaultValueFactory = _ => 2000 };
        var seconds = new Option<double>("--seconds") { Description = "Seconds of sending per run.", DefaultValueFactory = _ => 6 };
        var shares = new Option<string>("--decrypt-one-in") { Description = "Shares decrypted, comma-separated (1: every packet).", DefaultValueFactory = _ => "1,50" };
        var rounds = new Option<int>("--rounds") { Description = "Runs of each share (the table keeps each; the summary their median).", DefaultValueFactory = _ => 3 };
        var output = new Option<string?>("--out") { Description = "Results folder (default bench/results)." };
        var command = new Command("receivers", "CPU per received packet of the forwarding scenario's receivers, by share decrypted.")
        {
            pairs, rate, seconds, shares, rounds, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var report = new ScenarioReport("receivers");
            report.Parameters["pairs"] = parse.GetValue(pairs);
            report.Parameters["rate"] = parse.GetValue(rate);
            report.Parameters["seconds"] = parse.GetValue(seconds);
            var table = report.Table("runs", "decrypt one in", "round", "received", "received/s", "receivers' CPU µs/pkt", "sender CPU µs/pkt");
            var oneIns = parse.GetValue(shares)!.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
            var results = oneIns.ToDictionary(n => n, _ => new List<double>());
            for (var round = 1; round <= parse.GetValue(rounds); round++)
            {
                foreach (var oneIn in oneIns)
                {
                    var run = await RunAsync(parse.GetValue(pairs), parse.GetValue(rate), TimeSpan.FromSeconds(parse.GetValue(seconds)), oneIn, cancellationToken);
                    table.Rows.Add([oneIn, round, run.Received, run.Received / run.Seconds, run.ReceiverMicroseconds, run.SenderMicroseconds]);
                    results[oneIn].Add(run.ReceiverMicroseconds);
                    Console.WriteLine(FormattableString.Invariant($"decrypt 1 in {oneIn}, round {round}: {run.Received} received, receivers {run.ReceiverMicroseconds:0.00} µs CPU per packet"));
                }
            }
            foreach (var (oneIn, values) in results)
                report.Summary[$"receivers' CPU µs per packet, decrypting 1 in {oneIn} (median)"] = values.Order().ElementAt(values.Count / 2);
            report.Print();
            Console.WriteLine($"result: {await report.WriteAsync(parse.GetValue(output) ?? Path.Combine(ServerProcess.RepositoryRoot(), "bench", "results"), cancellationToken)}");
            return 0;
        });
        return command;
    }

    public sealed record Run(long Received, double Seconds, double ReceiverMicroseconds, double SenderMicroseconds);

    public static async Task<Run> RunAsync(int pairs, int rate, TimeSpan duration, int decryptOneIn, CancellationToken cancellationToken)
    {
        var peers = new List<(SyntheticPeer Sender, SyntheticPeer Receiver)>();
        try
        {
            for (var i = 0; i < pairs; i++)
            {
                var sender = new SyntheticPeer(IPAddress.Loopback);
                var tally = new ReceiverTally();
                var receiver = new SyntheticPeer(IPAddress.Loopback)
                {
                    DecryptOneIn = decryptOneIn,
                    RtpArrived = tally.Arrived,
                    RtpReceived = packet => tally.Sampled(packet.Span),
                };
                peers.Add((sender, receiver));
                var offer = sender.CreateOffer(null, 0x5EED0000u + (uint)i);
                await Task.WhenAll(sender.ConnectAsync(receiver.CreateAnswer(offer), cancellationToken), receiver.ConnectAsync(offer, cancellationToken));
            }
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var before = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var senderSeconds = 0.0;
            var thread = new Thread(() => senderSeconds = Send(peers.Select(p => p.Sender).ToList(), rate, duration)) { Name = "receiver-cost-sender" };
            thread.Start();
            thread.Join();
            // Packets still in flight.
            await Task.Delay(300, cancellationToken);
            process.Refresh();
            var cpu = (process.TotalProcessorTime - before).TotalSeconds;
            var received = peers.Sum(p => p.Receiver.ArrivedRtp);
            return new Run(received, clock.Elapsed.TotalSeconds, (cpu - senderSeconds) * 1e6 / Math.Max(1, received), senderSeconds * 1e6 / Math.Max(1, received));
        }
        finally
        {
            foreach (var (sender, receiver) in peers)
            {
                await sender.DisposeAsync();
                await receiver.DisposeAsync();
            }
        }
    }

    /// <summary>Sends every pair's packets at <paramref name="rate"/> on this thread; returns this thread's CPU seconds.</summary>
    private static double Send(List<SyntheticPeer> senders, int rate, TimeSpan duration)
    {
        var start = ThreadCpuSeconds();
        var packet = new byte[12 + 1000];
        packet[0] = 0x80;
        packet[1] = 96;
        var interval = Stopwatch.Frequency / rate;
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var next = Stopwatch.GetTimestamp();
        uint index = 0;
        while (Stopwatch.GetTimestamp() < end)
        {
            for (var now = Stopwatch.GetTimestamp(); next <= now; next += interval, index++)
            {
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)index);
                BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), index * 3000);
                for (var i = 0; i < senders.Count; i++)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x5EED0000u + (uint)i);
                    BenchPayload.Write(packet.AsSpan(12), i, index, Stopwatch.GetTimestamp());
                    senders[i].SendRtp(packet);
                }
            }
            Thread.Sleep(1);
        }
        return ThreadCpuSeconds() - start;
    }

    /// <summary>The calling thread's user + system CPU from /proc/thread-self/stat (fields 14 and 15, in clock ticks of 1/100 s).</summary>
    private static double ThreadCpuSeconds()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
