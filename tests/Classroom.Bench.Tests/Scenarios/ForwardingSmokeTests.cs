using System.Text.Json;
using Classroom.Bench.Media;
using Classroom.Bench.Scenarios.Forwarding;

namespace Classroom.Bench.Tests.Scenarios;

/// <summary>
/// A few seconds of the forwarding scenario so the bench never rots: our relay (real server process,
/// hub signalling, ICE, DTLS, SRTP) and the bare UDP forwarder each carry a publisher's packets to
/// three subscribers, and the report says what was forwarded.
/// </summary>
public sealed class ForwardingSmokeTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("bench-forwarding-").FullName;

    [Fact]
    public async Task Relay_and_bare_forwarder_carry_every_packet_to_every_subscriber_and_the_report_is_written()
    {
        var settings = new ForwardingSettings
        {
            Subscribers = 3,
            Rates = [100],
            Step = TimeSpan.FromSeconds(1.5),
            WarmUp = TimeSpan.FromSeconds(1),
            MaxLatencyMs = 1000,
            DecryptOneIn = 10,
            Targets = [new ClassroomTarget(), new BareTarget()],
            OutDirectory = _out,
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var report = await ForwardingScenario.RunAsync(settings, timeout.Token);

        var steps = report.Tables.Single(t => t.Title == "steps").Rows;
        Assert.Equal(2, steps.Count);
        foreach (var row in steps)
        {
            // target, publisher pkt/s, forwarded pkt/s, loss %, ... Every packet the publisher sent
            // reached every subscriber (no loss) and some were sent. How many a second is the bench's
            // business: on a loaded machine the publisher's pacer itself falls behind its rate.
            Assert.True((double)row[2]! > 0, $"{row[0]} forwarded nothing");
            Assert.Equal(0.0, (double)row[3]!);
            // ..., sequence gaps, duplicates, latency samples: no gap in any subscriber's sequence
            // numbers, and latency from the packets the receivers decrypted (one in DecryptOneIn).
            Assert.Equal(0L, (long)row[12]!);
            Assert.True((int)row[14]! > 0, $"{row[0]}: no latency sample");
            // ..., loop bytes per packet: read from the relay's /metrics; the bare forwarder reports none.
            Assert.Equal((string)row[0]! == "classroom", double.IsFinite((double)row[16]!));
        }
        var path = await report.WriteAsync(_out, timeout.Token);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        Assert.Equal("forwarding", json.RootElement.GetProperty("scenario").GetString());
        Assert.True(json.RootElement.GetProperty("environment").GetProperty("cores").GetInt32() > 0);
        Assert.All(report.Charts, chart => Assert.True(new FileInfo(chart).Length > 1000, chart));
    }

    public void Dispose() => Directory.Delete(_out, recursive: true);
}
