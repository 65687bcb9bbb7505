using Classroom.Media.Stun;

namespace Classroom.Media.Tests.Stun;

/// <summary>Malformed input is refused with a reason, never thrown, never read out of bounds.</summary>
public sealed class StunParserTests
{
    [Theory]
    [InlineData("", StunParseError.TooShort)]
    [InlineData("0001000021", StunParseError.TooShort)]
    [InlineData("c0010000 2112a442 000000000000000000000000", StunParseError.NotStun)]
    [InlineData("00010000 2112a443 000000000000000000000000", StunParseError.BadCookie)]
    [InlineData("00010004 2112a442 000000000000000000000000", StunParseError.BadLength)]
    [InlineData("00010003 2112a442 000000000000000000000000 000000", StunParseError.BadLength)]
    [InlineData("00010004 2112a442 000000000000000000000000 0006", StunParseError.BadLength)]
    [InlineData("00010004 2112a442 000000000000000000000000 00060008", StunParseError.BadAttribute)]
    [InlineData("00010008 2112a442 000000000000000000000000 00080004 00000000", StunParseError.BadAttribute)]
    [InlineData("00010010 2112a442 000000000000000000000000 80280004 00000000 00250000 00000000", StunParseError.AttributeAfterFingerprint)]
    public void Bad_datagrams_are_refused_with_a_reason(string hex, StunParseError expected)
    {
        var packet = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        Assert.False(StunMessage.TryParse(packet, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Flipping_any_byte_of_a_signed_request_breaks_integrity_or_parsing()
    {
        var password = "VOkJxbRl1RmTxUk/WvJxBt"u8.ToArray();
        var request = StunVectorTests.Request;
        // Up to the end of MESSAGE-INTEGRITY every byte is covered (the header's length field included).
        for (var i = 0; i < request.Length - 8; i++)
        {
            var copy = (byte[])request.Clone();
            copy[i] ^= 0x01;
            var ok = StunMessage.TryParse(copy, out var m, out _) && StunIntegrity.Verify(copy, m, password);
            Assert.False(ok, $"byte {i}");
        }
    }

    [Fact]
    public void A_million_random_and_mutated_datagrams_never_throw()
    {
        var random = new Random(5389);
        var buffer = new byte[600];
        var seeds = new[] { StunVectorTests.Request, StunVectorTests.ResponseV4, StunVectorTests.ResponseV6 };
        Span<byte> address = stackalloc byte[16];
        var parsed = 0;
        for (var i = 0; i < 1_000_000; i++)
        {
            int length;
            if (i % 2 == 0)
            {
                var seed = seeds[i % 3];
                length = random.Next(0, seed.Length + 8);
                seed.AsSpan(0, Math.Min(length, seed.Length)).CopyTo(buffer);
                buffer[random.Next(0, Math.Max(1, length))] ^= (byte)random.Next(1, 256);
            }
            else
            {
                length = random.Next(0, buffer.Length);
                random.NextBytes(buffer.AsSpan(0, length));
                if (length >= 8)
                {
                    buffer[0] &= 0x3F;
                    buffer[4] = 0x21; buffer[5] = 0x12; buffer[6] = 0xA4; buffer[7] = 0x42;
                }
            }
            var packet = buffer.AsSpan(0, length);
            if (StunMessage.TryParse(packet, out var m, out _))
            {
                parsed++;
                StunIntegrity.Verify(packet, m, "key"u8);
                StunFingerprint.Verify(packet, m);
                StunWriter.TryReadXorMappedAddress(packet, m, address, out _, out _);
                m.Username(packet);
            }
        }
        Assert.True(parsed > 0);
    }
}
