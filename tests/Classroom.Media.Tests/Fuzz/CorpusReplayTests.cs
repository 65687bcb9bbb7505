// The committed corpora of the coverage-guided targets (tests/Classroom.Media.Fuzz/Corpus, grown and
// minimized by scripts/fuzz.sh) replayed through the real parsers, uninstrumented, as ordinary tests:
// every input that once crashed a target stays in its corpus and must keep running clean.
using Classroom.Media.Fuzz.Targets;

namespace Classroom.Media.Tests.Fuzz;

public sealed class CorpusReplayTests
{
    public static TheoryData<string> Targets() => [.. FuzzTargets.All.Select(t => t.Name)];

    private static string[] Corpus(string target) =>
        [.. Replay.Inputs(Path.Combine(AppContext.BaseDirectory, "FuzzCorpus", target))];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_committed_input_runs_clean_through_its_target(string name)
    {
        var target = FuzzTargets.Find(name)!;
        var files = Corpus(name);
        Assert.NotEmpty(files);
        var failures = new List<string>();
        foreach (var file in files)
        {
            var input = File.ReadAllBytes(file);
            if (Replay.Failure(target, input) is { } failure)
                failures.Add($"{Path.GetFileName(file)}: {failure.GetType().Name}: {failure.Message}\n  input (base64): {Convert.ToBase64String(input)}");
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {files.Length} {name} inputs fail:\n" + string.Join('\n', failures));
    }

    [Fact]
    public void The_dtls_corpus_holds_a_client_flight_that_completes_the_handshake()
    {
        // The DTLS target's server has fixed certificates and randomness, so a recorded client flight
        // replays through CertificateVerify and Finished to the SRTP key export; without such an input
        // the fuzzer would never get past the ClientHello. If the server's handshake changes (a
        // cookie exchange, another cipher suite), record the flights again: scripts/fuzz.sh seed.
        Assert.Contains(Corpus("dtls"), file => DtlsTarget.Handshake(File.ReadAllBytes(file)));
    }
}
