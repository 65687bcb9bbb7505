namespace Classroom.EndToEnd.Tests.Infrastructure;

/// <summary>The shared wait: it returns what satisfied it, and a miss or a hung read fails within its deadline, saying what it saw.</summary>
public sealed class EventuallyTests
{
    [Fact]
    public async Task Reads_again_until_the_condition_holds_and_returns_that_value()
    {
        var reads = 0;
        var value = await Eventually.ValueAsync(() => Task.FromResult(++reads), n => n >= 3, "three reads");
        Assert.Equal(3, value);
        Assert.Equal(3, reads);
    }

    [Fact]
    public async Task A_condition_that_never_holds_fails_naming_what_and_the_last_value_read()
    {
        var reads = 0;
        var e = await Assert.ThrowsAsync<TimeoutException>(() =>
            Eventually.ValueAsync(() => Task.FromResult(new[] { "Анна", $"read {++reads}" }), _ => false, "Anna never arrived", timeout: TimeSpan.FromSeconds(1)));
        Assert.StartsWith("Anna never arrived within 1 s; last seen: [\"Анна\",\"read ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith($"read {reads}\"]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_that_hangs_fails_at_the_deadline()
    {
        var hung = new TaskCompletionSource<bool>();
        var e = await Assert.ThrowsAsync<TimeoutException>(() => Eventually.TrueAsync(() => hung.Task, "the page never answered", TimeSpan.FromSeconds(1)));
        Assert.Equal("the page never answered within 1 s; last seen: nothing (no read finished)", e.Message);
    }
}
