// RFC 5389 §6 (header), §15 (attributes), §15.4 (MESSAGE-INTEGRITY) and §15.5 (FINGERPRINT): fuzz
// target for StunMessage.TryParse and the readers that use its offsets. Seeds are Binding requests
// and responses written by StunWriter plus the RFC 5769 vectors.
using System.Buffers.Binary;
using System.Text;
using Classroom.Media.Stun;
using Classroom.Media.Tests.Stun;

namespace Classroom.Media.Tests.Fuzz;

public sealed class StunFuzzTests
{
    private const int Inputs = 1_000_000;
    private static readonly byte[] Key = Encoding.ASCII.GetBytes("fuzz-ice-password-0123456");
    private static readonly byte[] VectorKey = Encoding.UTF8.GetBytes("VOkJxbRl1RmTxUk/WvJxBt");

    /// <summary>Each seed with the key its MESSAGE-INTEGRITY was computed with.</summary>
    internal static (FuzzSeed Seed, byte[] Key)[] Seeds()
    {
        var seeds = new List<(FuzzSeed, byte[])>();
        var transaction = Convert.FromHexString("b7e7a701bc34d686fa87dfae");
        var buffer = new byte[1024];
        foreach (var (user, useCandidate) in new[] { ("a:b", false), ("remoteufrag:localufrag", true), ("", true), ("abcd:efgh", false), (new string('u', 200), true) })
        {
            var length = StunWriter.WriteBindingRequest(buffer, transaction, Encoding.ASCII.GetBytes(user), Key, useCandidate, 0x0123456789ABCDEF);
            Assert.True(length > 0);
            seeds.Add((Seed($"request '{user}'", buffer.AsSpan(0, length).ToArray()), Key));
        }

        foreach (var address in new byte[][] { [192, 0, 2, 1], [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] })
        {
            var length = StunWriter.WriteBindingSuccess(buffer, transaction, address, 32853, Key);
            Assert.True(length > 0);
            seeds.Add((Seed($"success {address.Length * 8}-bit", buffer.AsSpan(0, length).ToArray()), Key));
        }

        seeds.Add((Seed("RFC 5769 request", StunVectorTests.Request), VectorKey));
        seeds.Add((Seed("RFC 5769 IPv4 response", StunVectorTests.ResponseV4), VectorKey));
        seeds.Add((Seed("RFC 5769 IPv6 response", StunVectorTests.ResponseV6), VectorKey));
        return [.. seeds];
    }

    // The fields worth editing: message type and length, and every attribute's type and length.
    private static FuzzSeed Seed(string name, byte[] bytes)
    {
        var fields = new List<FuzzField> { new(0, 2), new(2, 2) };
        for (var offset = StunHeader.Length; offset + 4 <= bytes.Length;)
        {
            fields.Add(new FuzzField(offset, 2));
            fields.Add(new FuzzField(offset + 2, 2));
            offset += 4 + ((BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(offset + 2)) + 3) & ~3);
        }

        return new FuzzSeed(name, bytes, [.. fields]);
    }

    [Fact]
    public void Every_seed_parses_and_its_integrity_and_fingerprint_check()
    {
        foreach (var (seed, key) in Seeds())
        {
            Assert.True(StunMessage.TryParse(seed.Bytes, out var message, out var error), $"{seed.Name}: {error}");
            Assert.True(StunIntegrity.Verify(seed.Bytes, message, key), seed.Name);
            Assert.True(StunFingerprint.Verify(seed.Bytes, message), seed.Name);
        }
    }

    [Fact]
    public void A_million_mutated_binding_messages_are_refused_or_parsed_within_bounds()
    {
        var seeds = Seeds();
        var mutator = new ByteMutator(new Random(5389_2));
        var buffer = new byte[1500];
        Span<byte> address = stackalloc byte[16];
        int parsed = 0, authentic = 0;
        for (var i = 0; i < Inputs; i++)
        {
            var (seed, key) = seeds[i % seeds.Length];
            var length = mutator.Mutate(seed, buffer);
            // A quarter of the inputs get the header length recomputed, so a mutated attribute list is
            // judged on its attributes instead of being refused at the framing check every time.
            if (length >= StunHeader.Length && mutator.Random.Next(4) == 0)
            {
                BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)(length - StunHeader.Length));
            }

            var packet = buffer.AsSpan(0, length);
            try
            {
                if (!StunMessage.TryParse(packet, out var m, out var error))
                {
                    FuzzFailure.Check(error != StunParseError.None, "refused without a reason", i, packet);
                    continue;
                }

                parsed++;
                FuzzFailure.Check(error == StunParseError.None, "parsed with an error", i, packet);
                FuzzFailure.Check(length == StunHeader.Length + BinaryPrimitives.ReadUInt16BigEndian(packet[2..]) && length % 4 == 0, "length field does not frame the datagram", i, packet);
                FuzzFailure.Check(m.UsernameOffset >= 0 && m.UsernameLength >= 0 && m.UsernameOffset + m.UsernameLength <= length, "USERNAME outside the datagram", i, packet);
                FuzzFailure.Check(!m.HasIntegrity || (m.IntegrityOffset >= StunHeader.Length && m.IntegrityOffset + 4 + StunHeader.IntegrityLength <= length), "MESSAGE-INTEGRITY outside the datagram", i, packet);
                FuzzFailure.Check(!m.HasFingerprint || m.FingerprintOffset + 4 + StunHeader.FingerprintLength == length, "FINGERPRINT is not last", i, packet);
                FuzzFailure.Check(!m.HasIntegrity || !m.HasFingerprint || m.IntegrityOffset < m.FingerprintOffset, "FINGERPRINT before MESSAGE-INTEGRITY", i, packet);
                FuzzFailure.Check(m.XorMappedAddressOffset < 0 || (m.XorMappedAddressOffset >= StunHeader.Length + 4 && m.XorMappedAddressOffset + m.XorMappedAddressLength <= length), "XOR-MAPPED-ADDRESS outside the datagram", i, packet);
                _ = m.Username(packet);
                _ = StunMessage.TransactionId(packet);
                StunFingerprint.Verify(packet, m);
                if (StunWriter.TryReadXorMappedAddress(packet, m, address, out var addressLength, out var port))
                {
                    FuzzFailure.Check(addressLength is 4 or 16 && port is >= 0 and <= 65535, "impossible address", i, packet);
                }

                if (StunIntegrity.Verify(packet, m, key))
                {
                    // HMAC-SHA1 covers everything before the attribute except the length field, which
                    // §15.4 recomputes; a mutation there that still verifies would be a forgery.
                    authentic++;
                    var covered = m.IntegrityOffset + 4 + StunHeader.IntegrityLength;
                    var original = seed.Bytes.AsSpan();
                    FuzzFailure.Check(
                        covered <= original.Length && packet[..2].SequenceEqual(original[..2]) && packet[4..covered].SequenceEqual(original[4..covered]),
                        "a modified message passed MESSAGE-INTEGRITY",
                        i,
                        packet);
                }
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                FuzzFailure.Throw(e, i, packet);
            }
        }

        // Proof that the mutations stay close enough to valid to reach the attribute walk and the HMAC.
        Assert.True(parsed > Inputs / 10, $"only {parsed} parsed");
        Assert.True(authentic > Inputs / 100, $"only {authentic} authentic");
    }
}
