using System.Globalization;
using System.Text.Json;
using RelicSecurity.Testing;
using RelicSecurity.Testing.Browser;

namespace RelicSecurity.Bench.Seed;

/// <summary>
/// One load of the dashboard, by the page's own clock (performance.now(), from the navigation's start): when the table
/// and the national sites total showed what was expected, and when the page's one status call (GET /api/status)
/// started and how long it took, with its size.
/// </summary>
internal sealed record PageLoad(TimeSpan Shown, TimeSpan StatusStart, TimeSpan StatusCall, long StatusBytes);

/// <summary>
/// Loads the dashboard as a signed-in user opens it: the token in the tab's session storage (where the page keeps it after a
/// sign-in), then navigations to the page, each measured until the province table has the expected rows and the sites
/// total tile equals the expected count.
/// </summary>
internal static class DashboardLoad
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task<IReadOnlyList<PageLoad>> MeasureAsync(HeadlessChromium browser, Uri page, string token, int rows, int sitesTotal, int loads)
    {
        var tab = await browser.NewPageAsync();
        await tab.NavigateAsync(page);
        await WaitForAsync(tab, "document.readyState === 'complete' && !!document.getElementById('token-form')", "the sign-in form");
        await tab.EvaluateAsync($"sessionStorage.setItem('relic.dashboard.token', {JsonSerializer.Serialize(token)}); true");

        var measured = new List<PageLoad>();
        for (var i = 0; i < loads; i++)
        {
            // A mark only the old document carries: gone once the navigation has put the new one in place.
            await tab.EvaluateAsync("window.benchOldDocument = true");
            await tab.NavigateAsync(page);
            await WaitForAsync(tab, "window.benchOldDocument !== true", "the new document");
            var shown = await tab.EvaluateAsync(ShownWhen(rows, sitesTotal));
            measured.Add(new PageLoad(Ms(shown, "shown"), Ms(shown, "statusStart"), Ms(shown, "statusCall"), shown.GetProperty("statusBytes").GetInt64()));
        }

        return measured;
    }

    private static TimeSpan Ms(JsonElement value, string name) => TimeSpan.FromMilliseconds(value.GetProperty(name).GetDouble());

    /// <summary>
    /// A promise in the page resolving at the first check (every 5 ms) that finds the rows and the total; the page's clock
    /// gives the time, so the DevTools round trips do not count.
    /// </summary>
    private static string ShownWhen(int rows, int sitesTotal) => string.Create(CultureInfo.InvariantCulture, $$"""
        new Promise((resolve, reject) => {
          const check = () => {
            const shownRows = document.querySelectorAll('#provinces tbody tr').length;
            const total = Number((document.querySelector('[data-total=sitesTotal] .value')?.textContent ?? '').replace(/[^0-9]/g, ''));
            if (shownRows === {{rows}} && total === {{sitesTotal}}) {
              const shown = performance.now();
              const call = performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname === '/api/status').pop();
              resolve({ shown, statusStart: call ? call.startTime : -1, statusCall: call ? call.responseEnd - call.startTime : -1,
                        statusBytes: call ? call.encodedBodySize : -1 });
            } else if (performance.now() > 25000) {
              reject(new Error(`after 25 s: ${shownRows} rows, sites total ${total}, state ${document.body.dataset.state}`));
            } else {
              setTimeout(check, 5);
            }
          };
          check();
        })
        """);

    private static async Task WaitForAsync(BrowserPage tab, string condition, string description) =>
        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                return (await tab.EvaluateAsync($"!!({condition})")).GetBoolean();
            }
            catch (InvalidOperationException)
            {
                // The document is being replaced: its context went away under the evaluation.
                return false;
            }
        }, Patience, description);
}
