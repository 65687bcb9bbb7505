// RFC 3711 §3.3 / §3.4 and RFC 7714 §8-§9 robustness: arbitrary input to the unprotect paths must be
// rejected without exceptions.
using Classroom.Media.Srtp;
using static Classroom.Media.Tests.Srtp.SrtpTestPackets;

namespace Classroom.Media.Tests.Srtp;

public class SrtpRandomInputTests
{
    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void Random_buffers_never_throw_and_are_rejected(SrtpProfile profile)
    {
        byte[] key = profile == SrtpProfile.AeadAes128Gcm ? new byte[16] : CmMasterKey;
        byte[] salt = profile == SrtpProfile.AeadAes128Gcm ? new byte[12] : CmMasterSalt;
        using var context = new SrtpContext(profile, key, salt);
        var random = new Random(20240611);
        byte[] buffer = new byte[1500];
        int accepted = 0;
        for (int i = 0; i < 200_000; i++)
        {
            int length = random.Next(0, 1501);
            random.NextBytes(buffer.AsSpan(0, length));
            if ((i & 1) == 0)
            {
                buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F)); // reach past the version check half the time
            }

            if (context.TryUnprotect(buffer, length, out _))
            {
                accepted++;
            }

            if (context.TryUnprotectRtcp(buffer, length, out _))
            {
                accepted++;
            }
        }

        Assert.Equal(0, accepted);
    }
}
