using Classroom.Media.Sfu.Simulcast;

namespace Classroom.Media.Tests.Sfu.Simulcast;

public sealed class Vp8DescriptorTests
{
    [Theory]
    // X S PID=0 | I L T K | M + 15-bit picture id 0x1234 | TL0PICIDX 7 | TID 2, Y, KEYIDX 21 | payload header P=0
    [InlineData("90 F0 92 34 07 B5 10 02 00", 6, 0x1234, true, 7, 2, 21, true)]
    // the same, P=1: an inter frame
    [InlineData("90 F0 92 34 07 B5 11 02 00", 6, 0x1234, true, 7, 2, 21, false)]
    // no extension byte: one-byte descriptor, key frame
    [InlineData("10 10 02 00", 1, -1, false, -1, 0, 0, true)]
    // 7-bit picture id only (M=0)
    [InlineData("90 80 35 10 02", 3, 0x35, false, -1, 0, 0, true)]
    // S=0: a continuation packet is never a key frame start, whatever its first payload byte
    [InlineData("80 80 B5 00 00", 4, 0x3500, true, -1, 0, 0, false)]
    public void Reads_the_fields_of_rfc7741_descriptors(string hex, int length, int pictureId, bool wide, int tl0, int tid, int keyIdx, bool keyFrame)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        Assert.True(Vp8Descriptor.TryParse(bytes, out var d));
        Assert.Equal(length, d.Length);
        Assert.Equal(pictureId, d.PictureIdOffset < 0 ? -1 : d.PictureId);
        if (d.PictureIdOffset >= 0) Assert.Equal(wide, d.WidePictureId);
        Assert.Equal(tl0, d.Tl0PicIdxOffset < 0 ? -1 : d.Tl0PicIdx);
        Assert.Equal(tid, d.Tid);
        Assert.Equal(keyIdx, d.KeyIdx);
        Assert.Equal(keyFrame, d.IsKeyFrame);
    }

    [Theory]
    [InlineData("")]            // empty payload
    [InlineData("90")]          // X set, extension byte missing
    [InlineData("90 80")]       // I set, picture id missing
    [InlineData("90 80 92")]    // M set, second picture id byte missing
    [InlineData("90 40")]       // L set, TL0PICIDX missing
    [InlineData("90 20")]       // T set, TID byte missing
    [InlineData("90 F0 92 34 07")] // K set, KEYIDX byte missing
    public void Refuses_descriptors_that_run_past_the_payload(string hex)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        Assert.False(Vp8Descriptor.TryParse(bytes, out _));
    }

    [Fact]
    public void A_key_frame_needs_its_payload_header()
    {
        // The descriptor ends the payload: no VP8 header to say P=0.
        Assert.True(Vp8Descriptor.TryParse(Convert.FromHexString("90F09234 07B5".Replace(" ", "", StringComparison.Ordinal)), out var d));
        Assert.False(d.IsKeyFrame);
    }

    [Fact]
    public void Rewrites_picture_id_tl0picidx_and_keyidx_in_place_in_their_width()
    {
        var bytes = Convert.FromHexString("90F0923407B51002");
        Assert.True(Vp8Descriptor.TryParse(bytes, out var d));
        d.WritePictureId(bytes, 0x8001); // wraps to 15 bits
        d.WriteTl0PicIdx(bytes, 200);
        d.WriteKeyIdx(bytes, 33); // wraps to 5 bits, TID and Y kept
        Assert.True(Vp8Descriptor.TryParse(bytes, out var after));
        Assert.Equal(1, after.PictureId);
        Assert.Equal(200, after.Tl0PicIdx);
        Assert.Equal(1, after.KeyIdx);
        Assert.Equal(2, after.Tid);
        Assert.True(after.LayerSync);
        Assert.True(after.IsKeyFrame);

        var narrow = Convert.FromHexString("908035100200");
        Assert.True(Vp8Descriptor.TryParse(narrow, out var n));
        n.WritePictureId(narrow, 0x1FF);
        Assert.Equal(0x7F, narrow[2]); // M stays clear
    }

    [Fact]
    public void Random_payloads_never_throw_and_every_accepted_descriptor_fits()
    {
        var random = new Random(7741);
        var buffer = new byte[12];
        for (var i = 0; i < 200_000; i++)
        {
            var length = random.Next(buffer.Length + 1);
            random.NextBytes(buffer);
            var payload = buffer.AsSpan(0, length);
            if (!Vp8Descriptor.TryParse(payload, out var d)) continue;
            Assert.InRange(d.Length, 1, length);
            Assert.True(d.PictureIdOffset < length && d.Tl0PicIdxOffset < length && d.TidKeyIdxOffset < length);
        }
    }
}
