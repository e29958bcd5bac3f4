using System.Net;
using System.Text.Json;
using RelicSecurity.Contracts.Events.Cases;
using RelicSecurity.ServiceDefaults.Security;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Gateway.Tests.Dashboard;

/// <summary>
/// The national dashboard's data endpoints apply StatusService's rules: a bearer token with status.read, and a
/// provincial caller sees only its own province, in the snapshot and in the event stream.
/// </summary>
[Collection("servers")]
public sealed class DashboardAccessTests(LocalServersFixture servers) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset At = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private DashboardGatewayHost _gateway = null!;
    private TestEventBus _bus = null!;

    public async Task InitializeAsync()
    {
        _gateway = await DashboardGatewayHost.StartAsync(servers);
        _bus = await TestEventBus.StartAsync(servers.RabbitMq.ConnectionString);
        await _bus.PublishAsync(Opened("610000"));
        await _bus.PublishAsync(Opened("440000"));
        await Eventually.HoldsAsync(async () => (await StatusAsync(TestTokens.National())).GetProperty("status").GetProperty("totals")
            .GetProperty("openCases").GetInt32() == 2, Patience, "both cases projected");
    }

    public async Task DisposeAsync()
    {
        await _bus.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task The_page_is_served_over_http_1_1_without_a_token_and_loads_nothing_from_elsewhere()
    {
        using var page = await _gateway.GetAsync("/", token: null);

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Version.ShouldBe(HttpVersion.Version11);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        page.Headers.GetValues("Content-Security-Policy").Single().ShouldStartWith("default-src 'self'");
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("/assets/main.js");
        html.ShouldNotContain("http://");
        html.ShouldNotContain("https://");
        (await _gateway.GetAsync("/assets/provinces.js", token: null)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_status_needs_a_valid_token_with_status_read()
    {
        (await _gateway.GetAsync("/api/status", token: null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _gateway.GetAsync("/api/status", TestTokens.Expired())).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _gateway.GetAsync("/api/status", TestTokens.Integration(SuiteScopes.SitesRead))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _gateway.GetAsync("/api/status/events", token: null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _gateway.GetAsync("/api/status", TestTokens.Integration(SuiteScopes.StatusRead))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_national_caller_gets_every_projected_province_and_the_national_totals()
    {
        var body = await StatusAsync(TestTokens.National());

        body.GetProperty("caller").GetProperty("province").ValueKind.ShouldBe(JsonValueKind.Null);
        var status = body.GetProperty("status");
        status.GetProperty("provinces").EnumerateArray().Select(p => p.GetProperty("provinceCode").GetString()).ShouldBe(["440000", "610000"]);
        status.GetProperty("totals").GetProperty("provinceCode").GetString().ShouldBe("000000");
        status.GetProperty("totals").GetProperty("openCasesByType").GetProperty("THEFT").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task A_provincial_caller_gets_only_its_own_province_with_totals_equal_to_it()
    {
        var body = await StatusAsync(TestTokens.Provincial("610000", SuiteScopes.StatusRead));

        body.GetProperty("caller").GetProperty("province").GetString().ShouldBe("610000");
        var status = body.GetProperty("status");
        status.GetProperty("provinces").EnumerateArray().Select(p => p.GetProperty("provinceCode").GetString()).ShouldBe(["610000"]);
        status.GetProperty("totals").GetProperty("openCases").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task A_provincial_event_stream_carries_its_own_province_and_never_anothers()
    {
        using var stream = await _gateway.GetAsync("/api/status/events", TestTokens.Provincial("610000", SuiteScopes.StatusRead),
            HttpCompletionOption.ResponseHeadersRead);
        stream.StatusCode.ShouldBe(HttpStatusCode.OK);
        stream.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        (await reader.ReadLineAsync()).ShouldBe(": watching");

        // Guangdong's change first: had it passed the filter, it would be the first event on the stream.
        await _bus.PublishAsync(Opened("440000"));
        await _bus.PublishAsync(Opened("610000"));

        var events = new List<JsonElement>();
        using var timeout = new CancellationTokenSource(Patience);
        while (events.Count < 2 && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add(JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone());
            }
        }

        // The province, then the totals kept equal to it.
        events.Select(e => e.GetProperty("provinceCode").GetString()).ShouldBe(["610000", "000000"]);
        events.ShouldAllBe(e => e.GetProperty("openCases").GetInt32() == 2);
    }

    private async Task<JsonElement> StatusAsync(string token)
    {
        using var response = await _gateway.GetAsync("/api/status", token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static CaseOpened Opened(string province)
    {
        var caseId = Guid.NewGuid().ToString();
        return new(Guid.NewGuid(), caseId, "N-" + caseId[..6], "THEFT", "REPORTED", province, [], [], "NONE", At, At, 1);
    }
}
