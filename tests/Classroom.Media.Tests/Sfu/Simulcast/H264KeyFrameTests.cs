using Classroom.Media.Sfu.Simulcast;

namespace Classroom.Media.Tests.Sfu.Simulcast;

public sealed class H264KeyFrameTests
{
    [Theory]
    [InlineData("65 88 84", true)]          // single NAL unit: IDR slice (type 5)
    [InlineData("67 42 C0 1F", true)]       // single NAL unit: SPS (type 7)
    [InlineData("41 9A 02", false)]         // non-IDR slice (type 1)
    [InlineData("68 CE 3C 80", false)]      // PPS alone (type 8)
    [InlineData("18 00 04 67 42 C0 1F 00 02 68 CE", true)]   // STAP-A: SPS, PPS
    [InlineData("18 00 02 09 F0 00 03 65 88 84", true)]      // STAP-A: AUD, IDR
    [InlineData("18 00 02 09 F0 00 02 41 9A", false)]        // STAP-A: AUD, non-IDR
    [InlineData("18 00 09 67 42", false)]   // STAP-A whose size runs past the payload
    [InlineData("18 00 00 65", false)]      // STAP-A with a zero size
    [InlineData("7C 85 88 84", true)]       // FU-A, start of an IDR
    [InlineData("7C 05 88 84", false)]      // FU-A, middle of an IDR
    [InlineData("7C 81 9A", false)]         // FU-A, start of a non-IDR slice
    [InlineData("7C", false)]               // FU-A without its header
    [InlineData("", false)]
    public void Finds_idr_and_sps_in_single_stap_a_and_fu_a_payloads(string hex, bool keyFrame) =>
        Assert.Equal(keyFrame, H264KeyFrame.IsKeyFrame(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal))));

    [Fact]
    public void Random_payloads_never_throw()
    {
        var random = new Random(6184);
        var buffer = new byte[24];
        var keys = 0;
        for (var i = 0; i < 200_000; i++)
        {
            random.NextBytes(buffer);
            if (H264KeyFrame.IsKeyFrame(buffer.AsSpan(0, random.Next(buffer.Length + 1)))) keys++;
        }
        Assert.InRange(keys, 1, 199_999);
    }
}
