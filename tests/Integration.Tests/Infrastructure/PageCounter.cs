using System.Diagnostics;
using Microsoft.Playwright;

namespace InteropGateway.Tests.Integration.Infrastructure;

/// <summary>Polls a counter a player page keeps (frames decoded, pictures shown) until it reaches a value.</summary>
public static class PageCounter
{
    /// <summary>
    /// Waits (bounded) until <paramref name="expression"/> is at least <paramref name="atLeast"/>; fails
    /// with the last value and <paramref name="context"/> (a page object, as JSON) when it does not get there.
    /// </summary>
    public static async Task<long> WaitForAsync(IPage page, string expression, long atLeast, TimeSpan timeout, string context)
    {
        var clock = Stopwatch.StartNew();
        long last = 0;
        while (clock.Elapsed < timeout)
        {
            last = await page.EvaluateAsync<long>($"() => {expression}");
            if (last >= atLeast)
                return last;
            await Task.Delay(100);
        }
        var state = await page.EvaluateAsync<string>($"() => JSON.stringify({context})");
        Assert.Fail($"{expression} reached {last}, not {atLeast}, in {timeout.TotalSeconds:F0} s; {context} = {state}");
        return last;
    }
}
