// RFC 3711 Appendix B.2 (AES-CM test vectors).
using Classroom.Media.Srtp;

namespace Classroom.Media.Tests.Srtp;

public class AesCounterModeTests
{
    [Fact]
    public void Keystream_matches_appendix_b2()
    {
        byte[] key = Convert.FromHexString("2B7E151628AED2A6ABF7158809CF4F3C");
        byte[] iv = Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        byte[] keystream = new byte[0xFF02 * 16];
        using (var aes = new AesCounterMode(key))
        {
            aes.Transform(iv, keystream);
        }

        Assert.Equal("E03EAD0935C95E80E166B16DD92B4EB4", Block(keystream, 0x0000));
        Assert.Equal("D23513162B02D0F72A43A2FE4A5F97AB", Block(keystream, 0x0001));
        Assert.Equal("41E95B3BB0A2E8DD477901E4FCA894C0", Block(keystream, 0x0002));
        Assert.Equal("EC8CDF7398607CB0F2D21675EA9EA1E4", Block(keystream, 0xFEFF));
        Assert.Equal("362B7C3C6773516318A077D7FC5073AE", Block(keystream, 0xFF00));
        Assert.Equal("6A2CC3787889374FBEB4C81B17BA6C44", Block(keystream, 0xFF01));
    }

    [Fact]
    public void Partial_blocks_are_a_prefix_of_the_full_keystream()
    {
        byte[] key = Convert.FromHexString("2B7E151628AED2A6ABF7158809CF4F3C");
        byte[] iv = Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        using var aes = new AesCounterMode(key);
        byte[] full = new byte[2048];
        aes.Transform(iv, full);
        byte[] partial = new byte[1061];
        aes.Transform(iv, partial);
        Assert.Equal(full.AsSpan(0, partial.Length).ToArray(), partial);
    }

    private static string Block(byte[] keystream, int block) => Convert.ToHexString(keystream, block * 16, 16);
}
