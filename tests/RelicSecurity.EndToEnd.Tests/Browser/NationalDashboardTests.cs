using System.Diagnostics;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Testing;
using RelicSecurity.Testing.Browser;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace RelicSecurity.EndToEnd.Tests.Browser;

/// <summary>
/// The national dashboard in a real browser (Debian's headless chromium over the DevTools protocol) against the real
/// services: what a national and a provincial user see, and how fast a new case shows up.
/// </summary>
[Collection("servers")]
public sealed class NationalDashboardTests(LocalServersFixture servers, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The issue's promise: a case opened through gRPC is on the page within this.</summary>
    private static readonly TimeSpan LiveWithin = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>A province the other end-to-end tests leave alone, so its counts move only by this test.</summary>
    private const string Xinjiang = "650000";

    private DashboardSuite _suite = null!;
    private HeadlessChromium _browser = null!;

    public async Task InitializeAsync()
    {
        _suite = await DashboardSuite.StartAsync(servers);
        _browser = await HeadlessChromium.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _suite.DisposeAsync();
    }

    [Fact]
    public async Task A_national_user_sees_31_provinces_and_a_case_opened_through_grpc_within_5_seconds()
    {
        var page = await SignedInPageAsync(TestTokens.National("dashboard-national-test"));
        (await RowsAsync(page)).ShouldBe(31);
        var before = await OpenCasesShownAsync(page, Xinjiang);

        var cases = new CaseService.CaseServiceClient(_suite.Channel.WithToken(TestTokens.National()));
        var clock = Stopwatch.StartNew();
        await cases.OpenCaseAsync(new OpenCaseRequest
        {
            Title = "新疆某石窟壁画被盗案",
            Type = CaseType.StoneCarvingTheft,
            LeadProvinceCode = Xinjiang,
            LeadAgency = Agency.PublicSecurity,
            OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 2, 3, 0, 0, TimeSpan.FromHours(8))),
            Summary = "巡查发现石窟壁画一处被切割盗走。",
            RequestId = Guid.NewGuid().ToString(),
        }, deadline: DateTime.UtcNow.AddSeconds(30));

        var shownAfter = await Eventually.HoldsAsync(async () => await OpenCasesShownAsync(page, Xinjiang) == before + 1, Patience,
            async () => $"Xinjiang's open cases on the page: {await OpenCasesShownAsync(page, Xinjiang)}, expected {before + 1}");
        clock.Stop();
        output.WriteLine($"case opened through gRPC shown on the page after {clock.Elapsed.TotalMilliseconds:0} ms (waited {shownAfter.TotalMilliseconds:0} ms)");
        clock.Elapsed.ShouldBeLessThanOrEqualTo(LiveWithin);
        (await page.TextAsync("document.querySelector('[data-total=openCases] .value').textContent")).ShouldNotBe("0");

        var screenshot = Path.Combine(AppContext.BaseDirectory, "artifacts", "national-dashboard.png");
        await page.ScreenshotAsync(screenshot);
        output.WriteLine($"screenshot: {screenshot}");
        Console.WriteLine($"national dashboard screenshot: {screenshot}");
        new FileInfo(screenshot).Length.ShouldBeGreaterThan(10_000);
    }

    [Fact]
    public async Task A_provincial_user_sees_only_their_own_province()
    {
        var page = await SignedInPageAsync(TestTokens.Provincial("610000"));

        (await RowsAsync(page)).ShouldBe(1);
        (await page.TextAsync("document.querySelector('#provinces tbody tr').dataset.province")).ShouldBe("610000");
        (await page.TextAsync("document.querySelector('#provinces tbody tr td').textContent")).ShouldContain("陕西省");
        (await page.TextAsync("document.querySelectorAll('#map circle').length")).ShouldBe("1");

        var screenshot = Path.Combine(AppContext.BaseDirectory, "artifacts", "provincial-dashboard.png");
        await page.ScreenshotAsync(screenshot);
        output.WriteLine($"screenshot: {screenshot}");
    }

    [Fact]
    public async Task A_refused_token_leaves_the_user_at_the_sign_in_with_the_reason()
    {
        var page = await _browser.NewPageAsync();
        await page.NavigateAsync(_suite.Page);
        await WaitForAsync(page, "document.readyState === 'complete' && !!document.getElementById('token-form')", "the sign-in form");

        await SubmitTokenAsync(page, TestTokens.Expired());

        await WaitForAsync(page, "document.getElementById('sign-in-error').textContent.length > 0", "the sign-in error");
        (await page.TextAsync("document.getElementById('sign-in-error').textContent")).ShouldContain("refused");
        (await page.TextAsync("document.getElementById('board').hidden")).ShouldBe("true");
    }

    private async Task<BrowserPage> SignedInPageAsync(string token)
    {
        var page = await _browser.NewPageAsync();
        await page.NavigateAsync(_suite.Page);
        await WaitForAsync(page, "document.readyState === 'complete' && !!document.getElementById('token-form')", "the sign-in form");
        await SubmitTokenAsync(page, token);
        await WaitForAsync(page, "document.body.dataset.state === 'live'", "the page live on the event stream");
        return page;
    }

    private static async Task SubmitTokenAsync(BrowserPage page, string token)
    {
        await page.EvaluateAsync($"document.getElementById('token').value = {JsonSerializer.Serialize(token)}; " +
            "document.querySelector('#token-form button[type=submit]').click(); true");
    }

    private static async Task WaitForAsync(BrowserPage page, string condition, string description) =>
        await Eventually.HoldsAsync(async () => (await page.EvaluateAsync($"!!({condition})")).GetBoolean(), Patience,
            async () => $"{description}; page state '{await page.TextAsync("document.body.dataset.state")}', " +
                $"error '{await page.TextAsync("document.getElementById('sign-in-error').textContent")}'");

    private static async Task<int> RowsAsync(BrowserPage page) =>
        (await page.EvaluateAsync("document.querySelectorAll('#provinces tbody tr').length")).GetInt32();

    private static async Task<int> OpenCasesShownAsync(BrowserPage page, string province) =>
        int.Parse(await page.TextAsync($"document.querySelector('tr[data-province=\"{province}\"] td[data-field=openCases]').textContent.replace(/,/g, '')"),
            System.Globalization.CultureInfo.InvariantCulture);
}
