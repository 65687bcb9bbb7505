using Microsoft.Playwright;

namespace Classroom.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Every Content-Security-Policy violation on the pages of the contexts it is attached to, from each
/// document's first script on and across navigations: the documents' <c>securitypolicyviolation</c>
/// events (kept in <c>window.__csp</c> and also written to the console, so a page that navigated away
/// still counts) and Chromium's own "Refused to ..." console lines.
/// </summary>
public sealed class CspRecorder
{
    /// <summary>Runs before the page's own scripts in every document of a context.</summary>
    private const string RecordViolations = """
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', e => {
          const line = e.violatedDirective + ' ' + e.blockedURI;
          window.__csp.push(line);
          console.error('Content Security Policy violation: ' + line);
        }, true);
        """;

    private readonly List<string> _lines = [];

    /// <summary>Records every page <paramref name="context"/> opens from now on (call it before the first page).</summary>
    public async Task AttachAsync(IBrowserContext context)
    {
        await context.AddInitScriptAsync(RecordViolations);
        context.Console += (_, message) =>
        {
            if (!message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) && !message.Text.Contains("Refused to", StringComparison.Ordinal)) return;
            lock (_lines) _lines.Add($"{message.Page?.Url}: {message.Text}");
        };
    }

    /// <summary>What was recorded so far.</summary>
    public IReadOnlyList<string> Violations
    {
        get { lock (_lines) return [.. _lines]; }
    }

    /// <summary>The violations <paramref name="page"/>'s current document saw (its <c>window.__csp</c>).</summary>
    public static Task<string[]> InDocumentAsync(IPage page) => page.EvaluateAsync<string[]>("window.__csp");

    /// <summary>Fails with every violation recorded on any page of the attached contexts.</summary>
    public void AssertNone() => Assert.True(Violations.Count == 0, "CSP violations:\n" + string.Join('\n', Violations));
}
