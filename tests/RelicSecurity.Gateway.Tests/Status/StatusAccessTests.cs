using Grpc.Core;
using RelicSecurity.Contracts.Events.Cases;
using RelicSecurity.Contracts.Status.V1;
using RelicSecurity.ServiceDefaults.Security;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Gateway.Tests.Status;

/// <summary>Who may read which status: scope status.read, and a provincial caller only its own province.</summary>
[Collection("servers")]
public sealed class StatusAccessTests(LocalServersFixture servers) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset At = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private StatusGatewayHost _gateway = null!;
    private TestEventBus _bus = null!;

    public async Task InitializeAsync()
    {
        _gateway = await StatusGatewayHost.StartAsync(servers, $"test:{Guid.NewGuid():N}:");
        _bus = await TestEventBus.StartAsync(servers.RabbitMq.ConnectionString);
        await _bus.PublishAsync(Opened("610000"));
        await _bus.PublishAsync(Opened("440000"));
        await Eventually.HoldsAsync(async () => (await _gateway.Client.GetNationalStatusAsync(new GetNationalStatusRequest())).Totals.OpenCases == 2,
            Patience, "both cases projected");
    }

    public async Task DisposeAsync()
    {
        await _bus.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task A_provincial_caller_sees_only_its_own_province_in_the_national_status()
    {
        var shaanxi = _gateway.ClientFor(TestTokens.Provincial("610000", SuiteScopes.StatusRead));

        var national = await shaanxi.GetNationalStatusAsync(new GetNationalStatusRequest());

        national.Provinces.Select(p => p.ProvinceCode).ShouldBe(["610000"]);
        national.Totals.OpenCases.ShouldBe(1);
        national.Totals.ProvinceCode.ShouldBe("000000");
    }

    [Theory]
    [InlineData("440000")]
    [InlineData("000000")]
    public async Task A_provincial_caller_is_denied_another_provinces_status_and_the_national_totals(string province)
    {
        var shaanxi = _gateway.ClientFor(TestTokens.Provincial("610000", SuiteScopes.StatusRead));

        var failure = await Should.ThrowAsync<RpcException>(async () =>
            await shaanxi.GetProvinceStatusAsync(new GetProvinceStatusRequest { ProvinceCode = province }));

        failure.StatusCode.ShouldBe(StatusCode.PermissionDenied);
        (await shaanxi.GetProvinceStatusAsync(new GetProvinceStatusRequest { ProvinceCode = "610000" })).OpenCases.ShouldBe(1);
    }

    [Fact]
    public async Task A_token_without_status_read_is_refused_and_no_token_is_unauthenticated()
    {
        var noScope = _gateway.ClientFor(TestTokens.Integration(SuiteScopes.SitesRead));
        var refused = await Should.ThrowAsync<RpcException>(async () => await noScope.GetNationalStatusAsync(new GetNationalStatusRequest()));
        refused.StatusCode.ShouldBe(StatusCode.PermissionDenied);

        var anonymous = await Should.ThrowAsync<RpcException>(async () =>
            await _gateway.Anonymous.GetNationalStatusAsync(new GetNationalStatusRequest()));
        anonymous.StatusCode.ShouldBe(StatusCode.Unauthenticated);
    }

    [Fact]
    public async Task Only_the_national_role_may_rebuild_and_a_gateway_that_cannot_reach_the_services_changes_nothing()
    {
        foreach (var token in new[] { TestTokens.Provincial("610000", SuiteScopes.StatusRead), TestTokens.Integration(SuiteScopes.StatusRead) })
        {
            var refused = await Should.ThrowAsync<RpcException>(async () =>
                await _gateway.ClientFor(token).RebuildStatusAsync(new RebuildStatusRequest()));
            refused.StatusCode.ShouldBe(StatusCode.PermissionDenied);
        }

        // This gateway forwards to no service, so it has nothing to rebuild from.
        var failure = await Should.ThrowAsync<RpcException>(async () => await _gateway.Client.RebuildStatusAsync(new RebuildStatusRequest()));
        failure.StatusCode.ShouldBe(StatusCode.FailedPrecondition);
        failure.Status.Detail.ShouldContain("sites");
        (await _gateway.Client.GetNationalStatusAsync(new GetNationalStatusRequest())).Totals.OpenCases.ShouldBe(2);

        // The failed attempt released its claim: the next one fails for the same reason, not "already running".
        var again = await Should.ThrowAsync<RpcException>(async () => await _gateway.Client.RebuildStatusAsync(new RebuildStatusRequest()));
        again.Status.Detail.ShouldNotContain("already running");
    }

    private static CaseOpened Opened(string province)
    {
        var caseId = Guid.NewGuid().ToString();
        return new(Guid.NewGuid(), caseId, "N-" + caseId[..6], "THEFT", "REPORTED", province, [], [], "NONE", At, At, 1);
    }
}
