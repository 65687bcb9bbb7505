// RFC 3711 Appendix B.3 (key derivation test vectors).
using Classroom.Media.Srtp;

namespace Classroom.Media.Tests.Srtp;

public class SrtpKeyDerivationTests
{
    private static readonly byte[] MasterKey = Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] MasterSalt = Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6");

    [Fact]
    public void Derives_cipher_key_of_appendix_b3()
    {
        byte[] key = new byte[16];
        SrtpKeyDerivation.DeriveSessionKey(MasterKey, MasterSalt, SrtpKeyDerivation.SrtpEncryptionLabel, key);
        Assert.Equal("C61E7A93744F39EE10734AFE3FF7A087", Convert.ToHexString(key));
    }

    [Fact]
    public void Derives_cipher_salt_of_appendix_b3()
    {
        byte[] salt = new byte[14];
        SrtpKeyDerivation.DeriveSessionKey(MasterKey, MasterSalt, SrtpKeyDerivation.SrtpSaltLabel, salt);
        Assert.Equal("30CBBC08863D8C85D49DB34A9AE1", Convert.ToHexString(salt));
    }

    [Fact]
    public void Derives_auth_key_of_appendix_b3_across_several_blocks()
    {
        byte[] authKey = new byte[94];
        SrtpKeyDerivation.DeriveSessionKey(MasterKey, MasterSalt, SrtpKeyDerivation.SrtpAuthenticationLabel, authKey);
        Assert.Equal(
            "CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCE"
            + "E049646C43D9327AD175578EF72270986371C10C9A369AC2F94A8C5FBCDDDC25"
            + "6D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2",
            Convert.ToHexString(authKey));
    }

    [Fact]
    public void Rejects_wrong_master_key_length()
    {
        byte[] output = new byte[16];
        Assert.Throws<ArgumentException>(() => SrtpKeyDerivation.DeriveSessionKey(new byte[15], MasterSalt, 0, output));
    }
}
