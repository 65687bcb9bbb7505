namespace Classroom.Media.Tests.Sdp;

/// <summary>The real Chromium 156 offers in ../shared/testdata/chromium-156, beside the checkout.</summary>
internal static class ChromiumOffers
{
    public static string Text(string name) => SharedTestData("chromium-156", name);

    /// <summary>A file of ../shared/testdata/<paramref name="folder"/> (firefox-153 has Firefox ESR's SDP).</summary>
    public static string SharedTestData(string folder, string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "shared", "testdata"))) dir = dir.Parent;
        Assert.True(dir is not null, "shared/testdata not found above the test folder (CI puts shared/ beside the checkout)");
        return File.ReadAllText(Path.Combine(dir!.FullName, "shared", "testdata", folder, name));
    }
}
