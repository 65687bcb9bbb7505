using System.Text.Json;
using Microsoft.Playwright;

namespace Classroom.EndToEnd.Tests.Infrastructure;

/// <summary>What a person sees of a page: scrolling, and whether an element lies inside the viewport.</summary>
public static class Layout
{
    public sealed record PageSize(int ScrollWidth, int ScrollHeight, int InnerWidth, int InnerHeight);

    public static async Task<PageSize> SizeAsync(IPage page)
    {
        var m = await page.EvaluateAsync<JsonElement>(
            "() => ({ sw: document.documentElement.scrollWidth, sh: document.documentElement.scrollHeight, iw: innerWidth, ih: innerHeight })");
        return new PageSize(m.GetProperty("sw").GetInt32(), m.GetProperty("sh").GetInt32(), m.GetProperty("iw").GetInt32(), m.GetProperty("ih").GetInt32());
    }

    /// <summary>Nothing wider than the screen: no sideways scrolling at any point.</summary>
    public static async Task AssertNoHorizontalScrollAsync(IPage page, string where)
    {
        var size = await SizeAsync(page);
        Assert.True(size.ScrollWidth <= size.InnerWidth, $"{where}: the page scrolls sideways ({size.ScrollWidth} > {size.InnerWidth})");
    }

    /// <summary>The page itself does not scroll down: everything fits the screen.</summary>
    public static async Task AssertNoVerticalScrollAsync(IPage page, string where)
    {
        var size = await SizeAsync(page);
        Assert.True(size.ScrollHeight <= size.InnerHeight, $"{where}: the page scrolls down ({size.ScrollHeight} > {size.InnerHeight})");
    }

    /// <summary>The element is shown and lies wholly inside the viewport as the page is now scrolled.</summary>
    public static async Task<LocatorBoundingBoxResult> AssertInViewportAsync(ILocator element, string what)
    {
        Assert.True(await element.IsVisibleAsync(), $"{what} is not visible");
        var box = await element.BoundingBoxAsync();
        Assert.NotNull(box);
        var size = await SizeAsync(element.Page);
        const float slack = 0.5f;
        Assert.True(box.X >= -slack && box.Y >= -slack && box.X + box.Width <= size.InnerWidth + slack && box.Y + box.Height <= size.InnerHeight + slack,
            $"{what} lies outside the {size.InnerWidth}x{size.InnerHeight} viewport: {box.X},{box.Y} {box.Width}x{box.Height}");
        return box;
    }

    /// <summary>
    /// The element is hidden from the eye (a box of at most one pixel) but keeps its text for screen
    /// readers, as the web client's visually-hidden rule makes it.
    /// </summary>
    public static async Task AssertVisuallyHiddenAsync(ILocator element, string what)
    {
        var box = await element.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Width <= 1 && box.Height <= 1, $"{what} is shown: {box.Width}x{box.Height}");
        Assert.False(string.IsNullOrWhiteSpace(await element.TextContentAsync()), $"{what} has no text for screen readers");
    }
}
