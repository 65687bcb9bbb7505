using System.CommandLine;
using System.Globalization;
using System.Net;
using Classroom.Bench.Infrastructure;
using Classroom.Bench.Media;

namespace Classroom.Bench.Scenarios.Forwarding;

public static class ForwardingCommand
{
    public static Command Create()
    {
        var subscribers = new Option<int>("--subscribers") { Description = "Subscribers of the one publisher.", DefaultValueFactory = _ => 20 };
        var rates = new Option<string>("--rates") { Description = "Publisher packet rates per step, comma-separated.", DefaultValueFactory = _ => "500,1000,2000,4000,6000,8000,10000,12000,15000" };
        var step = new Option<double>("--step-seconds") { Description = "Seconds per step.", DefaultValueFactory = _ => 5 };
        var targets = new Option<string>("--targets") { Description = "classroom, bare, bare-batched, janus (comma-separated).", DefaultValueFactory = _ => "classroom,bare,bare-batched,janus" };
        var output = new Option<string?>("--out") { Description = "Results folder (default bench/results)." };
        var serverCores = new Option<string?>("--server-cores") { Description = "taskset CPU list for the process under test (e.g. 1); with --client-cores keeps the bench's clients off its cores." };
        var clientCores = new Option<string?>("--client-cores") { Description = "taskset CPU list for the bench itself and its synthetic clients (e.g. 0)." };
        var decrypt = new Option<int>("--decrypt-one-in") { Description = "Each receiver decrypts one packet in N for latency and counts the rest from clear headers (1: every packet).", DefaultValueFactory = _ => 50 };
        var command = new Command("forwarding", "Relay capacity: forwarded packets/s per core at no loss and p99 < 10 ms, against a bare UDP forwarder and Janus.")
        {
            subscribers, rates, step, targets, output, serverCores, clientCores, decrypt,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new ForwardingSettings
            {
                Subscribers = parse.GetValue(subscribers),
                Rates = parse.GetValue(rates)!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToList(),
                Step = TimeSpan.FromSeconds(parse.GetValue(step)),
                Targets = TargetsFrom(parse.GetValue(targets)!),
                DecryptOneIn = parse.GetValue(decrypt),
            };
            if (parse.GetValue(output) is { } dir) settings = settings with { OutDirectory = dir };
            if (parse.GetValue(clientCores) is { } clients) CpuPinning.PinBench(clients);
            CpuPinning.ServerCores = parse.GetValue(serverCores);
            settings = settings with { ServerCores = CpuPinning.ServerCores, ClientCores = parse.GetValue(clientCores) };
            var report = await ForwardingScenario.RunAsync(settings, cancellationToken);
            report.Print();
            Console.WriteLine($"result: {await report.WriteAsync(settings.OutDirectory, cancellationToken)}");
            return 0;
        });
        return command;
    }

    public static IReadOnlyList<IForwardingTarget> TargetsFrom(string names) =>
        names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(name => name switch
        {
            "classroom" => (IForwardingTarget)new ClassroomTarget(),
            "bare" or "bare-udp" => new BareTarget(),
            "bare-batched" or "bare-udp-batched" => new BareTarget(batched: true),
            "janus" => new JanusTarget(),
            _ => throw new ArgumentException($"Unknown target \"{name}\": classroom, bare, bare-batched, janus."),
        }).ToList();

    /// <summary>The bare forwarder's own process (started by <see cref="BareTarget"/>), hidden from help.</summary>
    public static Command BareForwarderProcess()
    {
        var lifetime = new Option<int>("--lifetime") { DefaultValueFactory = _ => 600 };
        var batched = new Option<bool>("--batched") { DefaultValueFactory = _ => false };
        var command = new Command("bare-forwarder", "internal: the bare UDP forwarder process") { lifetime, batched };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            var listen = new IPEndPoint(IPAddress.Loopback, 0);
            var seconds = TimeSpan.FromSeconds(parse.GetValue(lifetime));
            if (parse.GetValue(batched)) BareForwarder.RunBatched(listen, seconds, Console.Out);
            else BareForwarder.Run(listen, seconds, Console.Out);
            return 0;
        });
        return command;
    }
}
