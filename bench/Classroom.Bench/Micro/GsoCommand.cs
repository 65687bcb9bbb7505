using System.CommandLine;
using System.Globalization;

namespace Classroom.Bench.Micro;

public static class GsoCommand
{
    public static Command Create()
    {
        var datagrams = new Option<int>("--datagrams") { Description = "Datagrams per case.", DefaultValueFactory = _ => 400_000 };
        var destinations = new Option<int>("--destinations") { Description = "Loopback receivers.", DefaultValueFactory = _ => 20 };
        var size = new Option<int>("--size") { Description = "Datagram size in bytes.", DefaultValueFactory = _ => 1000 };
        var trains = new Option<string>("--trains") { Description = "Datagrams in a row to the same receiver, comma-separated.", DefaultValueFactory = _ => "1,2,4,16" };
        var command = new Command("udp-send", "CPU per sent datagram: one sendto each, sendmmsg batches, and sendmmsg with UDP_SEGMENT (GSO) per destination run.")
        {
            datagrams, destinations, size, trains,
        };
        command.SetAction(parse =>
        {
            GsoProbe.Run(parse.GetValue(datagrams), parse.GetValue(destinations), parse.GetValue(size),
                parse.GetValue(trains)!.Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToList(), Console.Out);
            return 0;
        });
        return command;
    }
}
