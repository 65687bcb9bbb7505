using Classroom.Core.JoinCodes;

namespace Classroom.Core.Tests.JoinCodes;

public sealed class JoinCodeTests
{
    [Fact]
    public void Codes_have_at_least_40_bits_and_no_confusable_symbols()
    {
        Assert.True(JoinCode.Length * Math.Log2(JoinCode.Alphabet.Length) >= 40);
        foreach (var bad in "0O1lIi")
        {
            Assert.DoesNotContain(char.ToUpperInvariant(bad), JoinCode.Alphabet);
        }
        var codes = Enumerable.Range(0, 2000).Select(_ => JoinCode.NewCode()).ToList();
        Assert.All(codes, c => Assert.True(JoinCode.TryNormalize(c, out _)));
        Assert.Equal(codes.Count, codes.Distinct().Count());
        // Every symbol of the alphabet turns up: the generator uses all of it.
        Assert.Equal(JoinCode.Alphabet.Length, codes.SelectMany(c => c).Distinct().Count());
    }

    [Theory]
    [InlineData("k7m2-pq9r-xt", "K7M2PQ9RXT")]
    [InlineData(" K7M2 PQ9R XT ", "K7M2PQ9RXT")]
    [InlineData("K7M2PQ9RXT", "K7M2PQ9RXT")]
    public void Typed_codes_are_normalized(string typed, string expected)
    {
        Assert.True(JoinCode.TryNormalize(typed, out var code));
        Assert.Equal(expected, code);
        Assert.Equal("K7M2-PQ9R-XT", JoinCode.Display(code));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("K7M2PQ9RX")]
    [InlineData("K7M2PQ9RXTT")]
    [InlineData("K0M2PQ9RXT")]
    [InlineData("<script>a</script>")]
    public void Malformed_codes_are_rejected(string? typed) => Assert.False(JoinCode.TryNormalize(typed, out _));

    [Fact]
    public void Link_tokens_are_longer_than_codes_and_never_parse_as_one()
    {
        var token = LinkToken.NewToken();
        Assert.True(LinkToken.IsWellFormed(token));
        Assert.False(JoinCode.TryNormalize(token, out _));
        Assert.False(LinkToken.IsWellFormed(token.ToLowerInvariant() + "0"));
    }
}
