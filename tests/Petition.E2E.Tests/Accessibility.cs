using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Petition.E2E.Tests;

/// <summary>axe-core in the page: no violation of impact serious or critical is allowed (no rule is disabled).</summary>
public static class Accessibility
{
    private static readonly string[] BlockingImpacts = ["serious", "critical"];

    // Every rule runs; only the violations are reported back (passes and inapplicable results are
    // large and slow to serialise, and nothing reads them).
    private static readonly AxeRunOptions Options = new() { ResultTypes = [ResultType.Violations] };

    public static async Task AssertNoSeriousViolationsAsync(IPage page, string pageName)
    {
        // Colours are measured as they settle: a button still fading from its pressed or hover state
        // (KRDS transitions) would be judged on an in-between colour.
        await page.Mouse.MoveAsync(0, 0);
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        var result = await page.RunAxe(Options);
        var blocking = result.Violations.Where(v => BlockingImpacts.Contains(v.Impact, StringComparer.OrdinalIgnoreCase)).ToList();
        if (blocking.Count == 0)
        {
            return;
        }

        var message = new StringBuilder($"axe found {blocking.Count} serious/critical violation(s) on {pageName} ({page.Url}):");
        foreach (var violation in blocking)
        {
            message.AppendLine().Append($"- [{violation.Impact}] {violation.Id}: {violation.Help}");
            foreach (var node in violation.Nodes)
            {
                message.AppendLine().Append($"    {node.Target} :: {node.Html}");
            }
        }

        Assert.Fail(message.ToString());
    }
}
