// Writes each target's seed inputs into <dir>/<target>/. scripts/fuzz.sh seeds a new corpus with it
// and minimizes the seeds together with what the fuzzer found (libFuzzer -merge=1) into Corpus/.
using System.Security.Cryptography;

namespace Classroom.Media.Fuzz.Seeds;

public static class SeedWriter
{
    /// <summary>The real browser offers the SDP target starts from, beside the repository.</summary>
    public const string TestData = "/work/shared/testdata";

    public static void WriteAll(string directory)
    {
        Write(directory, "stun", PacketSeeds.Stun());
        Write(directory, "rtp", PacketSeeds.Rtp());
        Write(directory, "rtcp", PacketSeeds.Rtcp());
        Write(directory, "srtp", PacketSeeds.Srtp());
        Write(directory, "dtls", DtlsSeeds.Record());
        var offers = Directory.Exists(TestData) ? Directory.GetFiles(TestData, "*.sdp", SearchOption.AllDirectories) : [];
        Write(directory, "sdp", offers.Select(File.ReadAllBytes));
    }

    // Files named by a hash of their content, like the ones libFuzzer keeps.
    private static void Write(string directory, string target, IEnumerable<byte[]> inputs)
    {
        var folder = Directory.CreateDirectory(Path.Combine(directory, target)).FullName;
        var count = 0;
        foreach (var input in inputs)
        {
            File.WriteAllBytes(Path.Combine(folder, Convert.ToHexStringLower(SHA256.HashData(input))[..40]), input);
            count++;
        }

        Console.WriteLine($"{target}: {count} seeds");
    }

    /// <summary>Joins datagrams in the framing of Fuzz.Split: a 2-byte big-endian length before each.</summary>
    public static byte[] Frame(IEnumerable<byte[]> datagrams)
    {
        var output = new List<byte>();
        foreach (var datagram in datagrams)
        {
            output.Add((byte)(datagram.Length >> 8));
            output.Add((byte)datagram.Length);
            output.AddRange(datagram);
        }

        return [.. output];
    }
}
