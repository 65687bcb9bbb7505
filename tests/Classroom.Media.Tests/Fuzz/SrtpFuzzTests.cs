// RFC 3711 §3.3 and §3.4 (SRTP and SRTCP receive processing: authenticate before anything else, replay
// check) and RFC 7714 §8 and §9 (AEAD_AES_128_GCM): fuzz target for SrtpContext.TryUnprotect and
// TryUnprotectRtcp. Every mutation of an authenticated packet must be refused, never thrown on.
using Classroom.Media.Srtp;

namespace Classroom.Media.Tests.Fuzz;

public sealed class SrtpFuzzTests
{
    private const int Inputs = 1_000_000;
    private const ushort FirstSequence = 65530; // the protected packets cross a rollover (RFC 3711 §3.3.1)

    private sealed record Protected(FuzzSeed Seed, bool Rtcp);

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void A_million_mutations_of_protected_packets_are_all_refused(SrtpProfile profile)
    {
        var key = Enumerable.Range(1, profile.KeyLength()).Select(b => (byte)b).ToArray();
        var salt = Enumerable.Range(101, profile.SaltLength()).Select(b => (byte)b).ToArray();
        using var sender = new SrtpContext(profile, key, salt);
        using var receiver = new SrtpContext(profile, key, salt);

        // Twice over the RTP and RTCP seeds: the receiver accepts the first round, so the stream state,
        // index estimate and replay window are live; the second round stays unreceived and is what gets
        // mutated (together with the first, which are replays by then).
        var rounds = new List<Protected>[2];
        var sequence = FirstSequence;
        for (var round = 0; round < 2; round++)
        {
            rounds[round] = [];
            foreach (var seed in RtpFuzzTests.Seeds())
            {
                var buffer = new byte[seed.Bytes.Length + sender.RtpOverhead];
                seed.Bytes.CopyTo(buffer, 0);
                Classroom.Media.Rtp.RtpPacket.SetSequenceNumber(buffer, sequence++);
                Assert.True(sender.TryProtect(buffer, seed.Bytes.Length, out var length), seed.Name);
                rounds[round].Add(new Protected(seed with { Bytes = buffer[..length] }, Rtcp: false));
            }

            foreach (var seed in RtcpFuzzTests.Seeds())
            {
                var buffer = new byte[seed.Bytes.Length + sender.RtcpOverhead];
                seed.Bytes.CopyTo(buffer, 0);
                Assert.True(sender.TryProtectRtcp(buffer, seed.Bytes.Length, out var length), seed.Name);
                rounds[round].Add(new Protected(seed with { Bytes = buffer[..length] }, Rtcp: true));
            }
        }

        var scratch = new byte[2048];
        foreach (var packet in rounds[0]) Assert.True(Unprotect(receiver, packet, packet.Seed.Bytes, scratch), packet.Seed.Name);

        var targets = rounds[0].Concat(rounds[1]).ToArray();
        var mutator = new ByteMutator(new Random(3711 + (int)profile));
        var input = new byte[2048];
        var unchanged = 0;
        for (var i = 0; i < Inputs; i++)
        {
            var target = targets[i % targets.Length];
            var length = mutator.Mutate(target.Seed, input);
            var mutated = input.AsSpan(0, length);
            if (mutated.SequenceEqual(target.Seed.Bytes))
            {
                unchanged++; // an edit that undid itself: nothing to refuse
                continue;
            }

            try
            {
                FuzzFailure.Check(!Unprotect(receiver, target, mutated, scratch), target.Rtcp ? "a modified SRTCP packet was accepted" : "a modified SRTP packet was accepted", i, mutated);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                FuzzFailure.Throw(e, i, mutated);
            }
        }

        // The refusals were the mutations' doing: the untouched second round still authenticates, once.
        foreach (var packet in rounds[1])
        {
            Assert.True(Unprotect(receiver, packet, packet.Seed.Bytes, scratch), packet.Seed.Name);
            Assert.False(Unprotect(receiver, packet, packet.Seed.Bytes, scratch), $"{packet.Seed.Name} replayed");
        }

        Assert.True(unchanged < Inputs / 100, $"{unchanged} mutations changed nothing");
    }

    // Unprotecting works in place (and GCM wipes the buffer on failure), so each attempt gets a copy.
    private static bool Unprotect(SrtpContext receiver, Protected target, ReadOnlySpan<byte> bytes, byte[] scratch)
    {
        bytes.CopyTo(scratch);
        return target.Rtcp
            ? receiver.TryUnprotectRtcp(scratch, bytes.Length, out _)
            : receiver.TryUnprotect(scratch, bytes.Length, out _);
    }
}
