using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Classroom.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What the pages of a test said on their consoles, and the server's log, attached to a failure: a
/// media test that fails only on a loaded CI machine must explain itself from its report alone.
/// </summary>
public sealed class PageLog
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Keeps <paramref name="page"/>'s console lines, marked with <paramref name="who"/>.</summary>
    public IPage Watch(IPage page, string who)
    {
        page.Console += (_, m) => _lines.Enqueue($"{who}: {m.Text}");
        return page;
    }

    /// <summary>Whether a failure is one to explain (a wait that ran out, an assertion, a browser error).</summary>
    public static bool Explains(Exception e) => e is TimeoutException or Xunit.Sdk.XunitException or PlaywrightException;

    /// <summary><paramref name="failure"/> with the pages' last lines and the end of the server's log.</summary>
    public Exception Explain(Exception failure, ServerProcess server)
    {
        var log = server.Log;
        return new InvalidOperationException(
            $"{failure.Message}\n--- pages ---\n{string.Join('\n', _lines.TakeLast(80))}\n--- server ---\n{log[^Math.Min(log.Length, 6000)..]}", failure);
    }
}
